using Npgsql;
using Prometei.Api.Ledger;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Persistence;

public static class PersistenceExtensions
{
    /// <summary>The connection string name: <c>ConnectionStrings:integration</c> (<c>ConnectionStrings__integration</c>).</summary>
    public const string ConnectionStringName = "integration";

    /// <summary>
    /// Adds the integration database (its data source, the ledger stores) and, when <paramref name="migrate"/>, the
    /// migrations in <c>Persistence/Migrations</c>, applied at startup.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationPersistence(this IHostApplicationBuilder builder, bool migrate = true)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddSingleton(services =>
        {
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"The connection string '{ConnectionStringName}' is not configured: set ConnectionStrings__{ConnectionStringName}.");
            }

            return new NpgsqlDataSourceBuilder(connectionString)
                .UseLoggerFactory(services.GetRequiredService<ILoggerFactory>())
                .Build();
        });

        if (migrate)
        {
            builder.Services.AddSqlMigrations(typeof(PersistenceExtensions).Assembly, ConnectionStringName);
        }

        builder.Services.AddSingleton<GatewayClock>();
        builder.Services.AddSingleton<ProcessedOrderStore>();
        builder.Services.AddSingleton<IdempotencyStore>();
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
