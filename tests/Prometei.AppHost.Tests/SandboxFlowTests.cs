using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.AppHost.Tests.Support;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests;

/// <summary>
/// The business flows at work in the sandbox, written against their expected contract (issue 5): amoCRM's status webhook
/// → an ERP task in the fake ERP; Kaspi orders polled into amoCRM. Nothing here is faked.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class SandboxFlowTests(ITestOutputHelper output) : IDisposable
{
    // The fake amoCRM's seeded lead "Kaspi 785512309" in pipeline "Kaspi заказы", moved from "Подтверждён" to "Передать в ERP".
    private const string LeadId = "24681357";
    private const string AccountId = "31234567";
    private const string PipelineId = "7012345";
    private const string SendToErpStatusId = "61234571";
    private const string ConfirmedStatusId = "61234569";

    private readonly DataFolder _data = new();

    [Fact]
    public async Task StatusWebhook_PostedWithTheSecret_ReachesTheErpFakeAsATask()
    {
        await using var apphost = await AppHostProcess.StartAsync(_data, output);
        var resources = await apphost.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(5));
        var workflows = resources.Single(r => r.Name == "workflows").Endpoints["http"];
        var vendors = resources.Single(r => r.Name == "vendors").Endpoints["http"];
        var secret = apphost.Parameters()["amocrm-webhook-secret"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var prefix = "leads[status][0]";
        var form = new Dictionary<string, string>
        {
            [$"{prefix}[id]"] = LeadId,
            [$"{prefix}[status_id]"] = SendToErpStatusId,
            [$"{prefix}[old_status_id]"] = ConfirmedStatusId,
            [$"{prefix}[pipeline_id]"] = PipelineId,
            [$"{prefix}[account_id]"] = AccountId,
            [$"{prefix}[last_modified]"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["account[subdomain]"] = "acmeshop",
            ["account[id]"] = AccountId,
        };
        using var webhook = await http.PostAsync(
            $"{workflows}/workflows/amocrm/webhook?secret={Uri.EscapeDataString(secret)}", new FormUrlEncodedContent(form));
        Assert.True(webhook.IsSuccessStatusCode, $"the webhook was refused: {(int)webhook.StatusCode}");

        await WaitForErpTaskAsync(apphost, http, vendors);
    }

    [Fact]
    public async Task LeadMovedInTheFakeAmoCrm_ItsWebhookReachesTheErpFake()
    {
        await using var apphost = await AppHostProcess.StartAsync(_data, output);
        var resources = await apphost.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(5));
        var vendors = resources.Single(r => r.Name == "vendors").Endpoints["http"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // As a manager would in amoCRM: the fake sends the status webhook to the URL and secret the AppHost gave it.
        using var move = await http.PostAsync(
            $"{vendors}/_control/amocrm/leads/{LeadId}/status", new StringContent($$"""{"statusId":{{ConfirmedStatusId}}}""", Encoding.UTF8, "application/json"));
        move.EnsureSuccessStatusCode();

        await WaitForErpTaskAsync(apphost, http, vendors);
        var delivery = JsonNode.Parse(await http.GetStringAsync($"{vendors}/_control/amocrm/webhook-deliveries"))!.AsArray().Last()!;
        Assert.Equal(200, (int)delivery["status"]!);
    }

    [Fact]
    public async Task SandboxFlows_ShowInstancesInTheStudioList()
    {
        await using var apphost = await AppHostProcess.StartAsync(_data, output);
        var resources = await apphost.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(5));
        var workflows = resources.Single(r => r.Name == "workflows").Endpoints["http"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apphost.Parameters()["elsa-api-key"]);

        // Kaspi orders are polled every minute and their leads move to "Передать в ERP" a minute after creation.
        var definitions = new HashSet<string>();
        await apphost.WaitAsync(
            async () =>
            {
                using var answer = await http.PostAsync($"{workflows}/elsa/api/workflow-instances", new StringContent("{}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                foreach (var item in JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["items"]!.AsArray())
                {
                    definitions.Add((string)item!["definitionId"]!);
                }

                return definitions.Count >= 2;
            },
            TimeSpan.FromMinutes(3),
            () => "instances of both sandbox flows (seen: " + string.Join(", ", definitions) + ")");
    }

    public void Dispose() => _data.Dispose();

    private static Task WaitForErpTaskAsync(AppHostProcess apphost, HttpClient http, string vendors) =>
        apphost.WaitAsync(
            async () => JsonNode.Parse(await http.GetStringAsync($"{vendors}/_control/erp/tasks"))!.AsArray()
                .Any(task => task!["body"]?["amoLeadId"]?.ToString() == LeadId),
            TimeSpan.FromMinutes(1),
            () => $"the fake ERP to receive a task for lead {LeadId}");
}
