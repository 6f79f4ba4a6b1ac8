using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests.Migrations;

[Collection(PostgresFixture.CollectionName)]
public sealed class MigrationHostedServiceTests(PostgresFixture postgres)
{
    private const string ConnectionName = "appdb";

    [Fact]
    public async Task AddSqlMigrations_HostStarts_MigratesBeforeLaterServicesStart()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var builder = CreateBuilder(connectionString);
        builder.Services.AddSqlMigrations(typeof(MigrationHostedServiceTests).Assembly, ConnectionName);
        // Registered after the migrations, like the web server (which the host starts last).
        var probe = new HistoryProbe(connectionString, "public");
        builder.Services.AddSingleton<IHostedService>(probe);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(2L, probe.AppliedWhenStarted);
    }

    [Fact]
    public async Task AddSqlMigrations_TwoSchemas_MigratesBoth()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var builder = CreateBuilder(connectionString);
        builder.Services.AddSqlMigrations(typeof(MigrationHostedServiceTests).Assembly, ConnectionName, "first");
        builder.Services.AddSqlMigrations(typeof(MigrationHostedServiceTests).Assembly, ConnectionName, "second");
        var firstProbe = new HistoryProbe(connectionString, "first");
        var secondProbe = new HistoryProbe(connectionString, "second");
        builder.Services.AddSingleton<IHostedService>(firstProbe);
        builder.Services.AddSingleton<IHostedService>(secondProbe);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(2L, firstProbe.AppliedWhenStarted);
        Assert.Equal(2L, secondProbe.AppliedWhenStarted);
    }

    [Fact]
    public async Task AddSqlMigrations_ConnectionStringMissing_FailsStartNamingTheVariable()
    {
        var builder = CreateBuilder(connectionString: null);
        builder.Services.AddSqlMigrations(typeof(MigrationHostedServiceTests).Assembly, "missingdb");
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings__missingdb", failure.Message, StringComparison.Ordinal);
    }

    private static HostApplicationBuilder CreateBuilder(string? connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (connectionString is not null)
        {
            builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{ConnectionName}", connectionString)]);
        }

        return builder;
    }

    /// <summary>Counts the applied migrations when the host starts it.</summary>
    private sealed class HistoryProbe(string connectionString, string schema) : IHostedService
    {
        public long? AppliedWhenStarted { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // Fails with "relation does not exist" if the migrations have not run yet.
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".__migrations", connection);
            AppliedWhenStarted = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
