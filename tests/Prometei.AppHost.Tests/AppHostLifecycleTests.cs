using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Prometei.AppHost.Tests.Support;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it, on this machine without Docker: PostgreSQL from the installed programs, the services and
/// the sandbox fakes as processes, a dashboard; Ctrl+C leaves nothing behind, and neither does a hard kill.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] s_resources = ["postgres", "workflows-db", "integration-db", "api", "workflows", "vendors"];

    private readonly DataFolder _data = new();

    [Fact]
    public async Task ColdStart_EverythingHealthy_ServicesConfigured_CrashShown_CtrlCLeavesNoProcess()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var apphost = await AppHostProcess.StartAsync(_data, output);
        var resources = await apphost.WaitUntilAllHealthyAsync(s_startTimeout);
        var coldStart = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"apphost_cold_start_s={coldStart:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"apphost_cold_start_s={coldStart:0.0}"));

        Assert.Equal(s_resources.Order(), resources.Select(r => r.Name).Order());
        Assert.Contains("installed server", resources.Single(r => r.Name == "postgres").Detail, StringComparison.Ordinal);
        Assert.Contains("Vendors: the sandbox", apphost.Output, StringComparison.Ordinal);
        var parameters = apphost.Parameters();
        Assert.Contains($"studio-operator-password = {parameters["studio-operator-password"]}", apphost.Output, StringComparison.Ordinal);

        var api = resources.Single(r => r.Name == "api");
        var workflows = resources.Single(r => r.Name == "workflows");
        var vendors = resources.Single(r => r.Name == "vendors");
        AssertServiceEnvironment(api, workflows, vendors, parameters);
        await AssertDashboardNeedsTheTokenAsync(apphost);
        await AssertServicesAnswerAsync(api, workflows, parameters);

        // Record everything the AppHost started, with the run id it marks them with.
        var runId = ProcessTable.RunIdOf(api.ProcessId!.Value);
        Assert.NotNull(runId);
        var started = resources.Where(r => r.ProcessId is not null).Select(r => r.ProcessId!.Value).ToList();
        Assert.Equal(4, started.Count);

        // A crash is shown, with its exit code, and not restarted.
        Process.GetProcessById(vendors.ProcessId!.Value).Kill();
        await apphost.WaitAsync(async () => (await apphost.ResourceAsync("vendors")).State == "Crashed", TimeSpan.FromSeconds(30), () => "vendors shown as crashed");
        await Task.Delay(TimeSpan.FromSeconds(4));
        var crashed = await apphost.ResourceAsync("vendors");
        Assert.Equal("Crashed", crashed.State);
        Assert.Equal(137, crashed.ExitCode);
        Assert.Null(crashed.ProcessId);
        Assert.Contains("CRASHED (exit code 137), not restarted", apphost.Output, StringComparison.Ordinal);

        // Start from the dashboard; Restart gives a new process with the same endpoint.
        (await apphost.Dashboard.PostAsync("api/resources/vendors/start", null)).EnsureSuccessStatusCode();
        (await apphost.Dashboard.PostAsync("api/resources/api/restart", null)).EnsureSuccessStatusCode();
        await apphost.WaitAsync(
            async () => await apphost.ResourceAsync("vendors") is { IsHealthy: true } v && await apphost.ResourceAsync("api") is { IsHealthy: true, Restarts: 1 } a && a.ProcessId != api.ProcessId,
            TimeSpan.FromMinutes(2),
            () => "vendors started and api restarted");
        var restarted = await apphost.ResourcesAsync();
        started.AddRange(restarted.Where(r => r.ProcessId is not null).Select(r => r.ProcessId!.Value));
        Assert.Equal(api.Endpoints["http"], restarted.Single(r => r.Name == "api").Endpoints["http"]);

        // What the check below must find gone, it finds while running: the postmaster, its backends, the three services.
        var running = ProcessTable.LeftBehind(runId, started.Distinct().ToList(), _data);
        Assert.True(running.Count >= 6, "the running processes: " + string.Join("; ", running));

        // Ctrl+C: everything stops, PostgreSQL included, and exits 0.
        apphost.Signal("INT");
        Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("Stopped.", apphost.Output, StringComparison.Ordinal);
        Assert.Empty(ProcessTable.LeftBehind(runId, started.Distinct().ToList(), _data));
        Assert.True(File.Exists(Path.Combine(_data, "postgres", "PG_VERSION")), "the PostgreSQL data is kept for the next run");
    }

    [Fact]
    public async Task HardKill_WatchdogStopsEverything_AndTheNextRunReusesDataAndPasswords()
    {
        List<int> started;
        string runId;
        IReadOnlyDictionary<string, string> parameters;
        await using (var first = await AppHostProcess.StartAsync(_data, output))
        {
            var resources = await first.WaitUntilAllHealthyAsync(s_startTimeout);
            started = [.. resources.Where(r => r.ProcessId is not null).Select(r => r.ProcessId!.Value)];
            runId = ProcessTable.RunIdOf(resources.Single(r => r.Name == "workflows").ProcessId!.Value)!;
            parameters = first.Parameters();

            // SIGKILL: no shutdown code runs in the AppHost; its watchdog stops the children and PostgreSQL.
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ProcessTable.LeftBehind(runId, started, _data).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.Empty(ProcessTable.LeftBehind(runId, started, _data));

        await using var second = await AppHostProcess.StartAsync(_data, output);
        var again = await second.WaitUntilAllHealthyAsync(s_startTimeout);
        Assert.DoesNotContain("Generated now", second.Output, StringComparison.Ordinal);
        Assert.Equal(parameters, second.Parameters());
        var workflows = again.Single(r => r.Name == "workflows");
        Assert.Equal(parameters["studio-operator-password"], ProcessTable.Environment(workflows.ProcessId!.Value)!["Studio__Operator__Password"]);
        var postgresLog = await second.Dashboard.GetStringAsync("api/resources/postgres/logs");
        Assert.DoesNotContain("Creating a PostgreSQL cluster", postgresLog, StringComparison.Ordinal);

        second.Signal("TERM");
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromMinutes(2)));
    }

    public void Dispose() => _data.Dispose();

    private static void AssertServiceEnvironment(ResourceInfo api, ResourceInfo workflows, ResourceInfo vendors, IReadOnlyDictionary<string, string> parameters)
    {
        // What the dashboard shows (secrets masked)...
        Assert.Equal(api.Endpoints["http"], workflows.Environment["services__api__http__0"]);
        Assert.Equal("api", api.Environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("workflows", workflows.Environment["OTEL_SERVICE_NAME"]);
        Assert.Equal(api.Endpoints["http"], api.Environment["ASPNETCORE_URLS"]);
        Assert.Equal(vendors.Endpoints["http"] + "/amocrm", api.Environment["AMO_BASE_URL"]);
        Assert.Equal(vendors.Endpoints["http"] + "/kaspi/shop/api/v2", api.Environment["KASPI_BASE_URL"]);
        Assert.Equal(vendors.Endpoints["http"] + "/erp", api.Environment["CRM_API_URL"]);
        Assert.False(workflows.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"), "no OTLP receiver, so no OTLP endpoint");
        foreach (var secret in new[] { "ConnectionStrings__integration", "API_INTERNAL_KEY", "ADMIN_BASIC_PASS" })
        {
            Assert.True(api.Environment.TryGetValue(secret, out var masked) && masked is null, $"{secret} is given to the api, masked");
        }

        // ...and what the processes really got.
        var apiEnvironment = ProcessTable.Environment(api.ProcessId!.Value)!;
        var workflowsEnvironment = ProcessTable.Environment(workflows.ProcessId!.Value)!;
        Assert.Equal(parameters["api-internal-key"], apiEnvironment["API_INTERNAL_KEY"]);
        Assert.Equal(parameters["api-internal-key"], workflowsEnvironment["Integration__ApiKey"]);
        Assert.Equal(parameters["admin-password"], apiEnvironment["ADMIN_BASIC_PASS"]);
        Assert.Equal(parameters["elsa-api-key"], workflowsEnvironment["Elsa__ApiKeys__0"]);
        Assert.Equal(parameters["studio-operator-password"], workflowsEnvironment["Studio__Operator__Password"]);
        Assert.Equal(parameters["amocrm-webhook-secret"], workflowsEnvironment["AMOCRM_WEBHOOK_SECRET"]);
        Assert.Contains("Database=integration", apiEnvironment["ConnectionStrings__integration"], StringComparison.Ordinal);
        Assert.Contains("Database=workflows", workflowsEnvironment["ConnectionStrings__workflows"], StringComparison.Ordinal);
        Assert.Contains($"Password={parameters["postgres-password"]}", workflowsEnvironment["ConnectionStrings__workflows"], StringComparison.Ordinal);
        var webhook = ProcessTable.Environment(vendors.ProcessId!.Value)!["Fakes__AmoCrm__WebhookUrl"];
        Assert.Equal($"{workflows.Endpoints["http"]}/workflows/amocrm/webhook?secret={parameters["amocrm-webhook-secret"]}", webhook);
    }

    private static async Task AssertDashboardNeedsTheTokenAsync(AppHostProcess apphost)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = apphost.DashboardUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/resources")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/?t=0123456789abcdef0123456789abcdef")).StatusCode);
        using var signIn = await anonymous.GetAsync($"/?t={apphost.DashboardToken}");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var answer = await anonymous.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Prometei AppHost", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertServicesAnswerAsync(ResourceInfo api, ResourceInfo workflows, IReadOnlyDictionary<string, string> parameters)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(workflows.Urls["Studio"] + "signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(api.Urls["OpenAPI"])).StatusCode);

        using var instances = new HttpRequestMessage(HttpMethod.Post, workflows.Endpoints["http"] + "/elsa/api/workflow-instances")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        instances.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", parameters["elsa-api-key"]);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(instances)).StatusCode);

        using var health = new HttpRequestMessage(HttpMethod.Get, api.Endpoints["http"] + "/health");
        health.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + parameters["admin-password"])));
        using var healthAnswer = await http.SendAsync(health);
        Assert.Equal(HttpStatusCode.OK, healthAnswer.StatusCode);
        Assert.Contains("\"tokenState\":\"connected\"", await healthAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
