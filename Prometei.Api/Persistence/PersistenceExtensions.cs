using Npgsql;
using Prometei.Api.Ledger;
using Prometei.ServiceDefaults.Configuration;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Persistence;

public static class PersistenceExtensions
{
    /// <summary>The connection string name: <c>ConnectionStrings:integration</c> (<c>ConnectionStrings__integration</c>).</summary>
    public const string ConnectionStringName = "integration";

    /// <summary>
    /// The web host cannot run without its ledger: a missing <c>ConnectionStrings:integration</c> stops the start with one line
    /// naming it (<c>RunCheckedAsync</c>) instead of an unhandled exception when the first service asks for the database. CLI
    /// verbs that never open it do not call this.
    /// </summary>
    public static IHostApplicationBuilder RequireIntegrationDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            ConfigurationProblem.Report(builder.Services, ConnectionStringCheck.Problem(connectionString, ConnectionStringName)!);
        }

        return builder;
    }

    /// <summary>
    /// Adds the integration database (its data source, the ledger stores) and, when <paramref name="migrate"/>, the
    /// migrations in <c>Persistence/Migrations</c>, applied at startup.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationPersistence(this IHostApplicationBuilder builder, bool migrate = true)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)))
        {
            // Verbs that never open the database still start; the first use says what is missing.
            builder.Services.AddSingleton<NpgsqlDataSource>(_ => throw new InvalidOperationException(
                $"The connection string '{ConnectionStringName}' is not configured: set ConnectionStrings__{ConnectionStringName}."));
        }
        else
        {
            // One that Npgsql would refuse stops the server's start with one line naming it (RunCheckedAsync).
            if (ConnectionStringCheck.Problem(builder.Configuration.GetConnectionString(ConnectionStringName), ConnectionStringName) is { } problem)
            {
                ConfigurationProblem.Report(builder.Services, problem);
            }

            // Aspire's client integration: the data source with its health check, tracing and metrics.
            builder.AddPrometeiNpgsqlDataSource(ConnectionStringName);
        }

        if (migrate)
        {
            builder.Services.AddSqlMigrations(typeof(PersistenceExtensions).Assembly, ConnectionStringName);
        }

        builder.Services.AddSingleton<GatewayClock>();
        builder.Services.AddSingleton<ProcessedOrderStore>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<PreparedDocuments>();
        builder.Services.AddSingleton<ErrorLog>();
        builder.Services.AddSingleton<DailyStats>();
        builder.Services.AddSingleton<Heartbeats>();
        builder.Services.AddSingleton<LockStore>();
        builder.Services.AddSingleton<ContactPhoneIndexStore>();
        builder.Services.AddSingleton<WatermarkStore>();
        builder.Services.AddSingleton<AmoCrmConnectionStore>();
        builder.Services.AddSingleton<AlertStateStore>();
        builder.Services.AddSingleton<VendorHealthStore>();
        builder.Services.AddSingleton<OAuthStateStore>();
        return builder;
    }
}
