using Npgsql;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>One way of having a PostgreSQL server: a container, the installed programs, or a configured server.</summary>
internal interface IPostgresInstance
{
    /// <summary>What it is, for the dashboard and the console.</summary>
    string Description { get; }

    /// <summary>How to connect as the superuser (database <c>postgres</c>).</summary>
    NpgsqlConnectionStringBuilder Connection { get; }

    /// <summary>The server's process id, when the AppHost knows it.</summary>
    int? ProcessId { get; }

    /// <summary>Whether the AppHost can stop and start it.</summary>
    bool CanBeControlled { get; }

    /// <summary>False once the server process is gone; null when that can't be told (a container, a configured server).</summary>
    bool? IsRunning { get; }

    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(bool force);
}
