using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.ServiceDefaults.Configuration;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;
using Prometei.Workflows.Runtime.Scheduling;

namespace Prometei.Workflows.Hosting;

/// <summary>Registration of the workflow server's parts.</summary>
public static class WorkflowServerExtensions
{
    public const string ConnectionStringName = "workflows";

    /// <summary>PostgreSQL (<c>ConnectionStrings:workflows</c>), the migrations applied at startup, the stores and a readiness check.</summary>
    public static IHostApplicationBuilder AddWorkflowPersistence(this IHostApplicationBuilder builder)
    {
        // A connection string that is missing or that Npgsql would refuse stops the start with one line naming it (RunCheckedAsync).
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var problem = ConnectionStringCheck.Problem(connectionString, ConnectionStringName);
        if (problem is not null)
        {
            ConfigurationProblem.Report(builder.Services, problem);
        }

        // Aspire's client integration: the data source with its health check, tracing and metrics.
        builder.AddPrometeiNpgsqlDataSource(ConnectionStringName, settings => settings.ConnectionString = problem is null ? Tune(connectionString!) : connectionString);
        builder.Services.AddSqlMigrations(typeof(WorkflowServerExtensions).Assembly, ConnectionStringName);
        builder.AddSharedKeyRing();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DefinitionStore>();
        builder.Services.AddSingleton<InstanceStore>();
        builder.Services.AddOptions<WriteGroupOptions>().BindConfiguration(WriteGroupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WriteGroup>();
        builder.Services.AddSingleton<StepWriter>();
        builder.Services.AddSingleton<WorkQueue>();
        builder.Services.AddSingleton<InstanceImporter>();
        builder.Services.AddSingleton<InstanceStarter>();
        builder.Services.AddSingleton<TimerFireStore>();
        builder.Services.AddSingleton<IncidentAlertStore>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("workflows-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Turns C# expressions on or off; on in Development, off elsewhere unless set.</summary>
    public const string CSharpSetting = "Workflows:Expressions:CSharp";

    /// <summary>
    /// Data Protection (Studio cookies, bearer tokens, antiforgery) with one key ring for every node: in the database, or in
    /// <c>DataProtection:KeysPath</c> when that names a shared folder. Registered before anything else adds Data Protection,
    /// so the key ring is read under <see cref="KeyRingStartup"/>'s lock, after the migrations.
    /// </summary>
    private static void AddSharedKeyRing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<KeyRingStartup>();
        var protection = builder.Services.AddDataProtection().SetApplicationName("Prometei.Workflows").ProtectKeysWithConfiguredCertificate(builder.Configuration);
        if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keysPath)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }
        else
        {
            builder.Services.AddOptions<KeyManagementOptions>()
                .Configure<NpgsqlDataSource>((options, db) => options.XmlRepository = new DataProtectionKeyRepository(db));
        }
    }

    /// <summary>The engine: activities (built-ins and any in this assembly), expression evaluators, the runner.</summary>
    public static IHostApplicationBuilder AddWorkflowEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => new ActivityRegistry(ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly)));
        builder.Services.AddSingleton<IExpressionEvaluator, LiteralExpressionEvaluator>();
        builder.Services.AddSingleton<IExpressionEvaluator, ObjectExpressionEvaluator>();
        builder.Services.AddSingleton<IExpressionEvaluator, VariableExpressionEvaluator>();
        builder.Services.AddSingleton<IExpressionEvaluator>(_ => new JavaScriptExpressionEvaluator(
            builder.Configuration.GetSection("Workflows:Expressions:JavaScript").Get<JavaScriptLimits>()));
        builder.Services.AddSingleton<IExpressionEvaluator>(_ => new LiquidExpressionEvaluator(
            builder.Configuration.GetSection("Workflows:Expressions:Liquid").Get<LiquidLimits>()));
        // C# runs with the server's full rights: only where an operator's password is not a key to the machine.
        if (ReadFlag(builder, CSharpSetting) ?? builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<IExpressionEvaluator, CSharpExpressionEvaluator>();
        }

        builder.Services.AddSingleton<ExpressionEvaluatorRegistry>();
        builder.Services.AddSingleton<WorkflowBuilder>();
        builder.Services.AddOptions<WorkflowRunnerOptions>().BindConfiguration("Workflows:Engine");
        builder.Services.AddOptions<FlowchartOptions>().BindConfiguration(FlowchartOptions.SectionName);
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) => o.ApplyEnvironment(key => configuration[key]));
        builder.Services.AddSingleton(sp => new WorkflowRunner(
            sp.GetRequiredService<ExpressionEvaluatorRegistry>(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowRunnerOptions>>().Value,
            sp.GetRequiredService<ILogger<WorkflowRunner>>()));
        builder.Services.AddSendHttpRequestClient();
        builder.AddPrometeiTelemetrySource(WorkflowTelemetry.Name);
        return builder;
    }

    /// <summary>The runtime: queue workers, timers, triggers, operations, and definitions shipped as files.</summary>
    public static IHostApplicationBuilder AddWorkflowRuntime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkflowServerOptions>().BindConfiguration(WorkflowServerOptions.SectionName).ValidateDataAnnotations()
            .Validate(
                o => o.EventSecrets.All(s => !string.IsNullOrWhiteSpace(s.Event) && s.Secret.Trim().Length >= EventSecret.MinimumLength),
                $"{WorkflowServerOptions.SectionName}:EventSecrets:n needs Event and a Secret of {EventSecret.MinimumLength} characters or more.")
            .ValidateOnStart();
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName)
            .Validate(o => TryResolve(o.TimeZone), $"{SchedulingOptions.SectionName}:TimeZone is not a known time zone.").ValidateOnStart();
        builder.Services.AddSingleton<WorkSignal>();
        builder.Services.AddSingleton<DatabaseSignals>();
        builder.Services.AddSingleton<ClusterWakeUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterWakeUp>());
        builder.Services.AddSingleton<DatabaseNotifications>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseNotifications>());
        builder.Services.AddSingleton<WorkflowCatalog>();
        builder.Services.AddSingleton<TriggerIndex>();
        builder.Services.AddSingleton<WorkflowDefinitionService>();
        builder.Services.AddSingleton<WorkflowStarter>();
        builder.Services.AddSingleton<HttpResponseWaiter>();
        builder.Services.AddSingleton<InstanceProcessor>();
        builder.Services.AddSingleton<WorkflowOperations>();
        builder.Services.AddHostedService<DefinitionFileImporter>();
        builder.Services.AddSingleton<WorkflowDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowDispatcher>());
        builder.Services.TryAddSingleton<IWorkflowStartGate, OpenStartGate>();   // replaced by AddFlowAvailability
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddHostedService<QueueMetrics>();
        return builder;
    }

    /// <summary>Prepared statements, and no reset statements when a connection goes back to the pool, unless configured.</summary>
    private static string Tune(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (!csb.ContainsKey("Max Auto Prepare") || csb.MaxAutoPrepare == 0)
        {
            csb.MaxAutoPrepare = 64;
            csb.AutoPrepareMinUsages = 2;
        }

        // The server keeps no session state on pooled connections (advisory locks are released explicitly, LISTEN has its own
        // connection), so skip the six reset statements Npgsql would send each time a connection goes back to the pool.
        // (ContainsKey answers true for every keyword Npgsql knows, so look at what the configuration actually says.)
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            csb.NoResetOnClose = true;
        }

        return csb.ConnectionString;
    }

    /// <summary>A true/false setting read while registering; one that does not parse is reported at start (and counts as unset).</summary>
    private static bool? ReadFlag(IHostApplicationBuilder builder, string key)
    {
        if (builder.Configuration[key] is not { Length: > 0 } value)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        ConfigurationProblem.Report(builder.Services, $"{key} is neither true nor false.");
        return null;
    }

    private static bool TryResolve(string id)
    {
        try
        {
            CronSchedule.ResolveTimeZone(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private sealed class DatabaseHealthCheck(DatabaseSignals database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await database.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (NpgsqlException ex)
            {
                return HealthCheckResult.Unhealthy("The workflow database does not answer.", ex);
            }
        }
    }
}
