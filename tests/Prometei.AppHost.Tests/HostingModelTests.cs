using Npgsql;
using Prometei.AppHost.Hosting;
using Prometei.AppHost.Hosting.Orchestration;
using Prometei.AppHost.Tests.Support;

namespace Prometei.AppHost.Tests;

/// <summary>The hosting library without running anything: the variables it hands out, parameters, ports, waits, log lines.</summary>
public sealed class HostingModelTests : IDisposable
{
    private readonly DataFolder _data = new();

    [Fact]
    public async Task References_GiveTheVariablesAspireWould()
    {
        var builder = Builder();
        var postgres = builder.AddPostgres("postgres");
        var db = postgres.AddDatabase("orders-db", databaseName: "orders");
        var api = builder.AddProject<Projects.Prometei_Api>("api").WithReference(db, connectionName: "orders");
        var web = builder.AddProject<Projects.Prometei_Workflows>("web").WithReference(api).WaitFor(api).WithHttpHealthCheck("/health");
        builder.Build();
        postgres.Resource.Provisioned(new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = 5544, Username = "postgres", Password = "pw", Database = "postgres" });

        var apiVariables = await ResolveAsync(api.Resource);
        var webVariables = await ResolveAsync(web.Resource);

        Assert.Equal("Host=127.0.0.1;Port=5544;Username=postgres;Password=pw;Database=orders", apiVariables["ConnectionStrings__orders"]);
        Assert.True(api.Resource.Environment["ConnectionStrings__orders"].IsSecret);
        Assert.Equal(api.Resource.GetEndpoint("http").Url, webVariables["services__api__http__0"]);
        Assert.Equal(web.Resource.GetEndpoint("http").Url, webVariables["ASPNETCORE_URLS"]);
        Assert.Equal("web", webVariables["OTEL_SERVICE_NAME"]);
        Assert.False(webVariables.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal([api.Resource], web.Resource.WaitsFor);
        Assert.Equal(new Uri(web.Resource.GetEndpoint("http").Url + "/health"), web.Resource.HealthCheck!.Url);
        Assert.EndsWith(Path.Combine("Prometei.Api", "bin", AppHostBuildConfiguration(), "net10.0", "Prometei.Api.dll"), api.Resource.AssemblyPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_ConfiguredWins_GeneratedIsKeptForTheNextRun_OwnerOnly()
    {
        var first = Builder("--ADMIN_BASIC_PASS=from-configuration");
        var admin = first.AddParameter("admin-password", secret: true, configurationKey: "ADMIN_BASIC_PASS");
        var key = first.AddParameter("api-key", secret: true);
        first.Build();

        var second = Builder();
        var keyAgain = second.AddParameter("api-key", secret: true);
        second.Build();

        Assert.Equal(("from-configuration", false), (admin.Resource.Value, admin.Resource.WasGenerated));
        Assert.True(key.Resource.WasGenerated);
        Assert.Equal(24, key.Resource.Value.Length);
        Assert.Equal((key.Resource.Value, false), (keyAgain.Resource.Value, keyAgain.Resource.WasGenerated));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "parameters.json")));
        }
    }

    [Fact]
    public void Ports_ATakenRequestedPortIsReplaced_AndNoTwoEndpointsShareOne()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var builder = Builder();
        var a = builder.AddProject<Projects.Prometei_Api>("a");
        var b = builder.AddExecutable("b", "sleep", "/", "60").WithHttpEndpoint(port: port);
        builder.Build();

        Assert.NotEqual(port, b.Resource.GetEndpoint("http").Port);
        Assert.NotEqual(a.Resource.GetEndpoint("http").Port, b.Resource.GetEndpoint("http").Port);
    }

    [Fact]
    public void WaitFor_ACycleIsRefusedAtBuild()
    {
        var builder = Builder();
        var a = builder.AddExecutable("a", "true", "/");
        var b = builder.AddExecutable("b", "true", "/").WaitFor(a);
        a.WaitFor(b);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Contains("waits for itself", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--KASPI_API_TOKEN=t" }, false)]
    [InlineData(new[] { "--AMOCRM_SUBDOMAIN=acme" }, false)]
    [InlineData(new[] { "--CRM_API_URL=https://erp" }, false)]
    [InlineData(new[] { "--KASPI_ALLOWED_STATES=NEW" }, true)]
    [InlineData(new[] { "--AMOCRM_WEBHOOK_SECRET=s" }, true)]
    [InlineData(new[] { "--KASPI_API_TOKEN=t", "--AppHost:Sandbox=true" }, true)]
    public void Vendors_TheSandboxRunsWithoutCredentials(string[] args, bool sandbox) =>
        Assert.Equal(sandbox, Builder(args).UsesSandboxVendors());

    [Fact]
    public void LogLines_JsonIsReadAsLevelTimeCategoryMessage_OtherLinesStayAsTheyAre()
    {
        var json = LogLineParser.Parse(1, DateTimeOffset.UnixEpoch, "stdout",
            """{"Timestamp":"2026-11-21T03:10:59.529Z","EventId":1,"LogLevel":"Warning","Category":"Prometei.X","Message":"Lease lost","Exception":"System.Exception: boom","State":{}}""");
        var plain = LogLineParser.Parse(2, DateTimeOffset.UnixEpoch, "stderr", "info: Microsoft.Hosting.Lifetime[14] {not json");

        Assert.Equal(("Warning", "2026-11-21T03:10:59.529Z", "Prometei.X", "Lease lost", "System.Exception: boom"), (json.Level, json.Timestamp, json.Category, json.Message, json.Exception));
        Assert.Equal((null, "info: Microsoft.Hosting.Lifetime[14] {not json"), (plain.Level, plain.Message));
    }

    public void Dispose() => _data.Dispose();

    private DistributedApplicationBuilder Builder(params string[] args) =>
        DistributedApplication.CreateBuilder([$"--AppHost:DataPath={_data.Path}", .. args]);

    private static async Task<Dictionary<string, string>> ResolveAsync(ExecutableResource resource)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in resource.Environment)
        {
            variables[name] = await value.Resolve(CancellationToken.None);
        }

        return variables;
    }

    private static string AppHostBuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
