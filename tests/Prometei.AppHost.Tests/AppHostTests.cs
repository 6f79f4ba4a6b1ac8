using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.AppHost.Tests.Support;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests;

/// <summary>
/// The AppHost as Aspire runs it, through Aspire.Hosting.Testing on a machine without a container engine: PostgreSQL from
/// the installed programs, both services, the sandbox vendors. Nothing here is faked but amoCRM, Kaspi and the ERP.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(ITestOutputHelper output) : IDisposable
{
    private readonly DataFolder _data = new();

    [Fact]
    public async Task Sandbox_AllHealthy_WebhookBecomesAnErpTaskInOneTrace_StopLeavesNoProcess()
    {
        Dictionary<int, string> processes;
        await using (var app = await SandboxApp.StartAsync(_data, output, dashboard: true))
        {
            await app.WaitAllHealthyAsync(TimeSpan.FromMinutes(5));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            await PostStatusWebhookAsync(app, http, DateTimeOffset.UtcNow);
            await WaitForErpTasksAsync(app, http, 1);

            // One trace: the webhook's request, its acceptance, the worker's steps and activities, the gateway's requests
            // and the gateway's calls to amoCRM and to the ERP.
            var trace = await FindWebhookTraceAsync(app, http);
            Assert.Contains(trace, s => s.Service == "workflows" && s.Name == "POST /workflows/{**path}");
            Assert.Contains(trace, s => s.Service == "workflows" && s.Name == "step amocrm-lead-status-to-erp");
            Assert.Contains(trace, s => s.Service == "workflows" && s.Name == "activity Prometei.CreateErpTask");
            Assert.Contains(trace, s => s.Service == "api" && s.Name.StartsWith("POST /api/erp/tasks", StringComparison.Ordinal));
            Assert.Contains(trace, s => s.Service == "api" && s.Url.Contains("/amocrm/api/v4/leads/" + SandboxWebhook.LeadId, StringComparison.Ordinal));
            Assert.Contains(trace, s => s.Service == "api" && s.Url.Contains("/erp/api/tasks", StringComparison.Ordinal));
            // The webhook's secret is in its query string: redacted in the request span.
            Assert.DoesNotContain(trace, s => s.Attributes.Contains(SandboxApp.WebhookSecret, StringComparison.Ordinal));

            app.RecordProcesses();
            processes = new Dictionary<int, string>(app.Processes);
            Assert.Contains(processes.Values, c => c.Contains("postgres -D", StringComparison.Ordinal) || c.Contains("/postgres -D", StringComparison.Ordinal));
            Assert.Contains(processes.Values, c => c.Contains("Prometei.Workflows", StringComparison.Ordinal));
            Assert.Contains(processes.Values, c => c.Contains("Prometei.Api", StringComparison.Ordinal));
            Assert.Contains(processes.Values, c => c.Contains("Prometei.Fakes", StringComparison.Ordinal));
            output.WriteLine($"processes started: {processes.Count}");
        }

        // Disposal stops every resource; the orchestrator may take a moment to reap the last of them.
        await SandboxApp.WaitAsync(
            () => Task.FromResult(ProcessTable.StillRunning(processes).Count == 0),
            TimeSpan.FromSeconds(30),
            () => "no process of the run left: " + string.Join("; ", ProcessTable.StillRunning(processes).Select(p => $"{p.ProcessId} {p.CommandLine}")));
        Assert.False(File.Exists(Path.Combine(_data, "postgres", "postmaster.pid")), "PostgreSQL did not shut down cleanly");
    }

    [Fact]
    public async Task SecondStart_OnTheSameDataFolder_WorksEndToEnd()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var changedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var first = await SandboxApp.StartAsync(_data, output))
        {
            await first.WaitAllHealthyAsync(TimeSpan.FromMinutes(5));
            await PostStatusWebhookAsync(first, http, changedAt);
            await WaitForErpTasksAsync(first, http, 1);
        }

        // The second run finds the cluster, the databases and what the first stored (the amoCRM connection among it), while
        // the sandbox vendors come up on other ports: what configuration says now must win.
        await using var second = await SandboxApp.StartAsync(_data, output);
        await second.WaitAllHealthyAsync(TimeSpan.FromMinutes(5));

        // As a manager would in amoCRM: the fake sends the status webhook to the URL and secret the AppHost gave it.
        using var move = await http.PostAsync(
            new Uri(second.Endpoint("vendors"), $"/_control/amocrm/leads/{SandboxWebhook.LeadId}/status"),
            new StringContent($$"""{"statusId":{{SandboxWebhook.ConfirmedStatusId}}}""", Encoding.UTF8, "application/json"));
        move.EnsureSuccessStatusCode();
        await WaitForErpTasksAsync(second, http, 1);
        var delivery = JsonNode.Parse(await http.GetStringAsync(new Uri(second.Endpoint("vendors"), "/_control/amocrm/webhook-deliveries")))!.AsArray().Last()!;
        Assert.Equal(200, (int)delivery["status"]!);

        // The Kaspi poll runs every minute and its leads go to amoCRM: instances of both sandbox flows show in the Studio's list.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", SandboxApp.ElsaApiKey);
        var definitions = new HashSet<string>();
        await SandboxApp.WaitAsync(
            async () =>
            {
                using var answer = await http.PostAsync(
                    new Uri(second.Endpoint("workflows"), "/elsa/api/workflow-instances"), new StringContent("{}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                foreach (var item in JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["items"]!.AsArray())
                {
                    if ((string?)item!["subStatus"] == "Finished")
                    {
                        definitions.Add((string)item["definitionId"]!);
                    }
                }

                return definitions.Contains("amocrm-lead-status-to-erp") && definitions.Contains("kaspi-orders-to-amocrm");
            },
            TimeSpan.FromMinutes(3),
            () => "finished instances of both sandbox flows (seen: " + string.Join(", ", definitions) + ")");
    }

    public void Dispose() => _data.Dispose();

    private static async Task PostStatusWebhookAsync(SandboxApp app, HttpClient http, DateTimeOffset changedAt)
    {
        using var webhook = await http.PostAsync(
            new Uri(app.Endpoint("workflows"), $"/workflows/amocrm/webhook?secret={Uri.EscapeDataString(SandboxApp.WebhookSecret)}"),
            SandboxWebhook.StatusChange(changedAt));
        Assert.True(webhook.IsSuccessStatusCode, $"the webhook was refused: {(int)webhook.StatusCode}");
    }

    private static Task WaitForErpTasksAsync(SandboxApp app, HttpClient http, int count) =>
        SandboxApp.WaitAsync(
            async () => (await app.ErpTasksAsync(http)).Count(task => task!["body"]?["amoLeadId"]?.ToString() == SandboxWebhook.LeadId) >= count,
            TimeSpan.FromMinutes(2),
            () => $"the fake ERP to receive {count} task(s) for lead {SandboxWebhook.LeadId}");

    /// <summary>The trace that holds the webhook's acceptance, once the ERP call has reached the dashboard.</summary>
    private async Task<IReadOnlyList<Span>> FindWebhookTraceAsync(SandboxApp app, HttpClient http)
    {
        IReadOnlyList<Span> trace = [];
        await SandboxApp.WaitAsync(
            async () =>
            {
                var acceptance = (await DashboardTelemetry.GetSpansAsync(http, app.Dashboard!, "/api/telemetry/spans?limit=10000"))
                    .FirstOrDefault(s => s.Name == "accept http /workflows/amocrm/webhook");
                if (acceptance is null)
                {
                    return false;
                }

                trace = await DashboardTelemetry.GetSpansAsync(http, app.Dashboard!, $"/api/telemetry/traces/{acceptance.TraceId}");
                // A span is exported when it ends: the step's, which holds the whole run, comes last.
                return trace.Any(s => s.Service == "api" && s.Url.Contains("/erp/api/tasks", StringComparison.Ordinal))
                    && trace.Any(s => s.Name == "step amocrm-lead-status-to-erp");
            },
            TimeSpan.FromMinutes(1),
            () => "the webhook's trace with the ERP call, in the dashboard (seen: " + string.Join(", ", trace.Select(s => $"{s.Service}:{s.Name}")) + ")");
        foreach (var span in trace.OrderBy(s => s.Start))
        {
            output.WriteLine($"{span.Service,-10} {span.Name} {span.Url}");
        }

        return trace;
    }
}
