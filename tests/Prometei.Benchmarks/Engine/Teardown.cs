using Npgsql;
using Prometei.Testing;

namespace Prometei.Benchmarks.Engine;

/// <summary>The end of a suite's <c>finally</c>, in order: the server (10 s to stop), the probe, every pooled connection, PostgreSQL, the definitions folder.</summary>
internal static class Teardown
{
    public static async Task StopAsync(ServiceProcess? server, DatabaseProbe? probe, PostgresServer? postgres, string? definitions)
    {
        if (server is not null)
        {
            await server.StopAsync(TimeSpan.FromSeconds(10));
            await server.DisposeAsync();
        }

        if (probe is not null)
        {
            await probe.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (postgres is not null)
        {
            await postgres.StopAsync();
        }

        if (definitions is not null)
        {
            Directory.Delete(definitions, recursive: true);
        }
    }
}
