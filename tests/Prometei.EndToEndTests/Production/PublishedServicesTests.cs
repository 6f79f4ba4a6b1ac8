extern alias fakes;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Flows;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Production;

/// <summary>
/// The published Prometei.Api and two Prometei.Workflows nodes run the way <c>deploy/systemd/</c> describes them (the
/// units' ExecStart, Environment lines and ports; Production; configuration from environment variables only, as the
/// EnvironmentFile gives it), with the old Kaspi integrator's variables alone or the old amoCRM → ERP service's alone,
/// against the fakes: the configured flows work end to end and the others report themselves off.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class PublishedServicesTests(PostgresFixture postgres, PublishedServices published) : IClassFixture<PublishedServices>
{
    private const string InternalKey = "published-internal-key-0123456789";
    private const string WebhookSecret = "published-webhook-secret-0123456789";
    private const string ElsaApiKey = "published-elsa-api-key-0123456789";
    private const string OperatorPassword = "published-operator-password";
    private const string AdminPassword = "published-admin-password";

    [Fact]
    public async Task OldIntegratorVariablesAlone_KaspiOrdersBecomeLeads_ErpFlowsOff_ForwardedHeadersHonoured()
    {
        await using var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions { Seed = 12 });
        var tokens = await fakes.Control.IssueTokensAsync();
        var o = fakes.Options;
        await using var system = await StartAsync(new Dictionary<string, string?>
        {
            ["KASPI_API_TOKEN"] = o.Kaspi.ApiToken,
            ["KASPI_BASE_URL"] = fakes.KaspiBaseUrl.AbsoluteUri,
            ["AMO_BASE_URL"] = fakes.AmoCrmBaseUrl.AbsoluteUri,
            ["AMO_CLIENT_ID"] = o.AmoCrm.ClientId,
            ["AMO_CLIENT_SECRET"] = o.AmoCrm.ClientSecret,
            ["AMO_ACCESS_TOKEN"] = tokens.AccessToken,
            ["AMO_REFRESH_TOKEN"] = tokens.RefreshToken,
            ["AMO_PIPELINE_ID"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            ["AMO_STATUS_ID"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
            ["KASPI_ALLOWED_STATES"] = "NEW,SIGN_REQUIRED,PICKUP,DELIVERY,KASPI_DELIVERY",
            ["DRY_RUN"] = "false",
            ["AMO_RPS"] = "5",
            ["ADMIN_BASIC_PASS"] = AdminPassword,
        });
        var leadsBefore = (await fakes.Control.GetAmoCrmLeadsAsync()).Count;
        await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = "950000001", Customer = new KaspiCustomer("Алия", "Нурланова", "7012223344"), CreationDate = DateTimeOffset.UtcNow.AddMinutes(-5) });

        // The shipped poll runs each minute: the order becomes a lead.
        await WorkflowServerHarness.WaitUntilAsync(async () => (await fakes.Control.GetAmoCrmLeadsAsync()).Count > leadsBefore, TimeSpan.FromSeconds(150), "the order's lead");

        using var hook = await system.Node.PostAsync("workflows/amocrm/webhook?secret=" + WebhookSecret,
            FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hook.StatusCode);
        Assert.Contains("ERP is not configured", await hook.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var health = new HttpRequestMessage(HttpMethod.Get, "health");
        health.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminPassword)));
        using var healthAnswer = await system.Api.SendAsync(health);
        var report = (await healthAnswer.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("not_configured", report["vendors"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "erp")!["state"]!.GetValue<string>());
        Assert.False(report["flows"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "amocrm-to-erp")!["on"]!.GetValue<bool>());

        // Behind nginx (X-Forwarded-Proto: https) the Studio's session cookie is Secure: the forwarded headers are honoured.
        var cookies = await StudioSignIn.SignInCookiesAsync(system.Node.BaseAddress!, OperatorPassword, "https");
        Assert.Contains(cookies, c => c.StartsWith(".Prometei", StringComparison.OrdinalIgnoreCase) || c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Production", system.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldServiceVariablesAlone_WebhookAndDealReachTheErp_KaspiFlowsOff()
    {
        await using var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions { Seed = 13 });
        var tokens = await fakes.Control.IssueTokensAsync();
        var o = fakes.Options;
        await using var system = await StartAsync(new Dictionary<string, string?>
        {
            ["AMOCRM_SUBDOMAIN"] = fakes.AmoCrmBaseUrl.AbsoluteUri,
            ["AMOCRM_CLIENT_ID"] = o.AmoCrm.ClientId,
            ["AMOCRM_CLIENT_SECRET"] = o.AmoCrm.ClientSecret,
            ["AMOCRM_REDIRECT_URI"] = o.AmoCrm.RedirectUri,
            ["AMOCRM_REFRESH_TOKEN"] = tokens.RefreshToken,
            ["CRM_API_URL"] = new Uri(fakes.ErpBaseUrl, "api/tasks").AbsoluteUri, // the old service held the task endpoint
            ["CRM_API_KEY"] = o.Erp.ApiKey,
        });

        using var hook = await system.Node.PostAsync("workflows/amocrm/webhook?secret=" + WebhookSecret,
            FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        using var deal = new HttpRequestMessage(HttpMethod.Post, "workflows/events/crm/create-deal") { Content = JsonContent.Create(new { dealName = "Оптовый заказ", amount = 1000, eventId = "evt-published" }) };
        deal.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + ElsaApiKey);
        using var dealAnswer = await system.SecondNode.SendAsync(deal);
        Assert.Equal(HttpStatusCode.OK, dealAnswer.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await fakes.Control.GetErpTasksAsync()).Count == 1 && (await fakes.Control.GetErpDealsAsync()).Count == 1,
            TimeSpan.FromSeconds(90), "the ERP task and deal");

        // No ADMIN_BASIC_PASS in the old service's variables: operations refuse everyone; the flows say what is off.
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Api.GetAsync("health")).StatusCode);
        using var capabilities = new HttpRequestMessage(HttpMethod.Get, "api/capabilities");
        capabilities.Headers.Add("X-Api-Key", InternalKey);
        var flows = (await (await system.Api.SendAsync(capabilities)).Content.ReadFromJsonAsync<JsonObject>())!["flows"]!.AsArray();
        var kaspi = flows.Single(f => f!["name"]!.GetValue<string>() == "kaspi-to-amocrm")!;
        Assert.False(kaspi["on"]!.GetValue<bool>());
        Assert.Contains("KASPI_API_TOKEN", kaspi["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        using var studio = await StudioSignIn.SignInAsync(system.Node.BaseAddress!, OperatorPassword);
        var off = (await studio.GetFromJsonAsync<JsonObject>("studio/api/flows"))!["off"]!.AsArray().Select(x => x!["definitionId"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["kaspi-orders-to-amocrm", "kaspi-reconcile"], off);
        Assert.Empty(await fakes.Control.GetRequestsAsync(FakeVendor.Kaspi));
    }

    /// <summary>The Api and two workflows nodes from the published folders, as deploy/systemd's units run them.</summary>
    private async Task<RunningSystem> StartAsync(Dictionary<string, string?> oldVariables)
    {
        var deploy = Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "systemd");
        var apiUnit = SystemdUnit.Read(Path.Combine(deploy, "prometei-api.service"));
        var apiEnvironment = Only(apiUnit.Environment);
        apiEnvironment["ConnectionStrings__integration"] = await postgres.Server.CreateDatabaseAsync();
        apiEnvironment["API_INTERNAL_KEY"] = InternalKey;
        foreach (var (key, value) in oldVariables)
        {
            apiEnvironment[key] = value;
        }

        var api = await ServiceProcess.StartAsync("Prometei.Api", apiEnvironment, readyPath: "/alive", port: apiUnit.Port, dll: apiUnit.Dll(published.Api));
        var workflowsDatabase = await postgres.Server.CreateDatabaseAsync();
        var nodes = new List<ServiceProcess>();
        try
        {
            foreach (var port in new[] { "5201", "5202" })
            {
                var unit = SystemdUnit.Read(Path.Combine(deploy, "prometei-workflows@.service"), port);
                var environment = Only(unit.Environment);
                environment["ConnectionStrings__workflows"] = workflowsDatabase;
                environment["Integration__ApiKey"] = InternalKey;
                environment["AMOCRM_WEBHOOK_SECRET"] = WebhookSecret;
                environment["ELSA_API_KEY"] = ElsaApiKey;
                environment["Studio__Operator__Password"] = OperatorPassword;
                nodes.Add(await ServiceProcess.StartAsync("Prometei.Workflows", environment, readyPath: "/alive", port: unit.Port, dll: unit.Dll(published.Workflows)));
            }
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await api.DisposeAsync();
            throw;
        }

        return new RunningSystem(api, nodes);
    }

    /// <summary>Only what the unit and its EnvironmentFile give: every Prometei and vendor variable of this machine is removed.</summary>
    private static Dictionary<string, string?> Only(IReadOnlyDictionary<string, string> unit)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("AMO", StringComparison.Ordinal) || k.StartsWith("KASPI", StringComparison.Ordinal) || k.StartsWith("CRM_", StringComparison.Ordinal)
                || k.StartsWith("ConnectionStrings", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
        {
            environment[key] = null;
        }

        foreach (var (key, value) in unit)
        {
            environment[key] = value;
        }

        return environment;
    }

    private sealed class RunningSystem(ServiceProcess api, List<ServiceProcess> nodes) : IAsyncDisposable
    {
        public HttpClient Api { get; } = new() { BaseAddress = api.BaseAddress };

        public HttpClient Node { get; } = new() { BaseAddress = nodes[0].BaseAddress };

        public HttpClient SecondNode { get; } = new() { BaseAddress = nodes[1].BaseAddress };

        public string Output => api.Output + string.Concat(nodes.Select(n => n.Output));

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            Node.Dispose();
            SecondNode.Dispose();
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await api.DisposeAsync();
        }
    }
}
