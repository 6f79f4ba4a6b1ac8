using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Prometei.Api.Capabilities;
using Prometei.Api.Endpoints;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Operations;
using Prometei.Api.Persistence;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Api.Sync;

namespace Prometei.Api.Hosting;

public static class GatewayExtensions
{
    /// <summary>
    /// The gateway's services, shared by the web host and the CLI verbs: options, Data Protection (tokens at rest), the
    /// ledger, the amoCRM, Kaspi and ERP clients, alerts and the sync.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationGateway(this IHostApplicationBuilder builder, bool migrate = true)
    {
        builder.AddGatewayOptions<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.SectionName, GatewayOptions.ApplyLegacy, o => o.ConfigurationErrors);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPrometeiTelemetrySource(GatewayTelemetry.Name);
        builder.AddIntegrationPersistence(migrate);

        // One key ring for every Api process: in the ledger, or in DataProtection:KeysPath when that names a shared folder.
        // Registered after the migrations and before Data Protection's own startup, which then finds the key ring made.
        builder.Services.AddHostedService<KeyRingStartup>();
        var protection = builder.Services.AddDataProtection().SetApplicationName("Prometei.Api").ProtectKeysWithConfiguredCertificate(builder.Configuration);
        if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keysPath)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }
        else
        {
            builder.Services.AddOptions<KeyManagementOptions>()
                .Configure<NpgsqlDataSource>((options, db) => options.XmlRepository = new DataProtectionKeyRepository(db));
        }
        builder.AddAlerts();
        builder.Services.AddSingleton<GatewayCapabilities>();   // Capabilities/: flows on by configuration
        builder.Services.AddSingleton<VendorRefusals>();
        builder.Services.AddTransient<VendorStates>();
        builder.AddAmoCrm();
        builder.AddKaspi();
        builder.AddErp();

        var services = builder.Services;
        services.AddTransient<AmoCrmLeadReader>();
        services.AddTransient<ContactIndex>();
        services.AddTransient<KaspiOrderSync>();
        services.AddTransient<NewOrdersService>();
        services.AddTransient<KaspiPollService>();
        services.AddTransient<AmoCrmStatusChanges>();
        services.AddTransient<ReconcileService>();
        services.AddTransient<OperationsService>();
        services.AddTransient<GatewayHealth>();
        services.AddSingleton<IdempotencyRunner>();
        return builder;
    }

    /// <summary>What only the web host needs: startup checks, maintenance, the exception handler, OpenAPI, readiness.</summary>
    public static IHostApplicationBuilder AddGatewayHost(this IHostApplicationBuilder builder)
    {
        builder.RequireIntegrationDatabase();
        builder.Services.AddHostedService<GatewayStartup>();
        builder.Services.AddHostedService<MaintenanceService>();
        builder.Services.AddExceptionHandler<GatewayExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        builder.Services.AddHealthChecks().AddCheck<IntegrationDatabaseHealthCheck>("integration-db", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Every route: the workflows' API (<c>/api/...</c>, API key), OAuth (<c>/oauth/amocrm/...</c>), operations
    /// (<c>/health</c>, <c>/ops/...</c>, Basic), readiness (<c>/health/ready</c>, no auth) and <c>/openapi/v1.json</c> (Basic).
    /// </summary>
    public static WebApplication MapIntegrationGateway(this WebApplication app)
    {
        app.MapHealthChecks("/health/ready");
        app.MapOpenApi().AddEndpointFilter<IEndpointConventionBuilder, Endpoints.AdminBasicFilter>();
        app.MapCapabilitiesApi();
        app.MapAmoCrmApi().RequireVendor(GatewayFlows.AmoCrm);
        app.MapKaspiApi().RequireFlow(GatewayFlows.KaspiToAmoCrm);
        app.MapErpApi();
        app.MapAlertsApi();
        app.MapOAuthApi();
        app.MapOperationsApi();
        return app;
    }
}
