extern alias fakes;

using System.Globalization;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// The whole system for the business flows: the vendor fakes, Prometei.Api and Prometei.Workflows as real processes on their
/// own databases, with the flows shipped in Prometei.Workflows/Definitions.
/// </summary>
/// <remarks>Also compiled into Prometei.StudioTests (a linked file, with WorkflowServerHarness and InstanceRow).</remarks>
public sealed class FlowsHarness : IAsyncDisposable
{
    public const string WebhookSecret = "amocrm-webhook-secret-for-tests";

    /// <summary>An API key of the workflows node (<c>ELSA_API_KEY</c>): events need it.</summary>
    public const string ElsaApiKey = "flows-test-elsa-api-key-0123456789";
    private const string InternalKey = "internal-key-for-flow-tests-0123456789";

    /// <summary>The Api's operations password (<c>ADMIN_BASIC_PASS</c>, user <c>admin</c>).</summary>
    public const string AdminPassword = "admin-password-for-flow-tests";

    private readonly Dictionary<string, string?> _workflowSettings;

    private FlowsHarness(FakeVendorsServer fakes, WorkflowServerHarness workflows, ServiceProcess api, string apiDatabase, ServiceProcess server, Dictionary<string, string?> workflowSettings)
    {
        ApiDatabase = apiDatabase;
        Fakes = fakes;
        Workflows = workflows;
        Api = api;
        Server = server;
        _workflowSettings = workflowSettings;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
        Gateway = new HttpClient { BaseAddress = api.BaseAddress };
        Gateway.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", InternalKey);
        Events = new HttpClient { BaseAddress = server.BaseAddress };
        Events.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + ElsaApiKey);
    }

    public FakeVendorsServer Fakes { get; }

    public WorkflowServerHarness Workflows { get; }

    public ServiceProcess Api { get; }

    /// <summary>The connection string of Prometei.Api's ledger.</summary>
    public string ApiDatabase { get; }

    /// <summary>The workflows node; replaced by <see cref="RestartServerAsync"/>.</summary>
    public ServiceProcess Server { get; private set; }

    /// <summary>The first workflows node's address (a restarted node listens elsewhere: use <see cref="Server"/>).</summary>
    public HttpClient Http { get; }

    /// <summary>The first workflows node with its API key, for <c>/workflows/events/…</c>.</summary>
    public HttpClient Events { get; }

    /// <summary>Prometei.Api with the internal key, as the workflows call it.</summary>
    public HttpClient Gateway { get; }

    /// <summary>The settings every workflows node of this system is started with (environment names).</summary>
    public IReadOnlyDictionary<string, string?> WorkflowSettings => _workflowSettings;

    /// <summary>Starts one more workflows node on the same database and settings.</summary>
    public Task<ServiceProcess> StartNodeAsync(string nodeId) => Workflows.StartNodeAsync(nodeId, extra: _workflowSettings);

    /// <summary>Kills the workflows node at once (SIGKILL) if it still runs, and starts a new one on the same database and settings.</summary>
    public async Task<ServiceProcess> RestartServerAsync()
    {
        Server.Kill();
        Server = await Workflows.StartNodeAsync("flows-node", extra: _workflowSettings);
        return Server;
    }

    public static async Task<FlowsHarness> StartAsync(
        PostgresServer postgres, IReadOnlyDictionary<string, string?>? workflowSettings = null, bool dryRun = false, Func<string, string>? definitionEdit = null,
        IReadOnlyDictionary<string, string?>? apiSettings = null)
    {
        var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions { Seed = 11 });
        var tokens = await fakes.Control.IssueTokensAsync();
        var apiDatabase = await postgres.CreateDatabaseAsync();
        var apiEnvironment = new Dictionary<string, string?>(fakes.ApiEnvironment(tokens))
        {
            ["ConnectionStrings__integration"] = apiDatabase,
            ["DataProtection__KeysPath"] = Directory.CreateTempSubdirectory("prometei-api-keys-").FullName,
            ["API_INTERNAL_KEY"] = InternalKey,
            ["ADMIN_BASIC_PASS"] = AdminPassword,
            ["DRY_RUN"] = dryRun ? "true" : "false",
        };
        foreach (var (k, v) in apiSettings ?? new Dictionary<string, string?>())
        {
            apiEnvironment[k] = v;
        }

        var api = await ServiceProcess.StartAsync("Prometei.Api", apiEnvironment, readyPath: "/alive");

        var workflows = await WorkflowServerHarness.CreateAsync(postgres);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions"), "*.json"))
        {
            var text = File.ReadAllText(file);
            File.WriteAllText(Path.Combine(workflows.DefinitionsFolder, Path.GetFileName(file)), definitionEdit is null ? text : definitionEdit(text));
        }

        var settings = new Dictionary<string, string?>
        {
            ["services__api__http__0"] = api.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["Integration__ApiKey"] = InternalKey,
            ["AMOCRM_WEBHOOK_SECRET"] = WebhookSecret,
            ["ELSA_API_KEY"] = ElsaApiKey,
        };
        foreach (var (k, v) in workflowSettings ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var server = await workflows.StartNodeAsync("flows-node", extra: settings);
        return new FlowsHarness(fakes, workflows, api, apiDatabase, server, settings);
    }

    /// <summary>
    /// An amoCRM account webhook for a lead's status change, as amoCRM sends it (shared/contracts/amocrm-api.md §14.6);
    /// <paramref name="extra"/> adds fields (amoCRM also sends the lead's name, price and custom fields).
    /// </summary>
    public static FormUrlEncodedContent StatusWebhook(long leadId, long pipelineId, long statusId, long updatedAt, IReadOnlyDictionary<string, string>? extra = null) =>
        new(new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["leads[status][0][id]"] = leadId.ToString(CultureInfo.InvariantCulture),
            ["leads[status][0][status_id]"] = statusId.ToString(CultureInfo.InvariantCulture),
            ["leads[status][0][old_status_id]"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
            ["leads[status][0][pipeline_id]"] = pipelineId.ToString(CultureInfo.InvariantCulture),
            ["leads[status][0][old_pipeline_id]"] = pipelineId.ToString(CultureInfo.InvariantCulture),
            ["leads[status][0][updated_at]"] = updatedAt.ToString(CultureInfo.InvariantCulture),
            ["account[id]"] = AmoCrmSeedIds.AccountId.ToString(CultureInfo.InvariantCulture),
            ["account[subdomain]"] = "acmeshop",
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Events.Dispose();
        Gateway.Dispose();
        await Workflows.DisposeAsync();
        await Api.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}
