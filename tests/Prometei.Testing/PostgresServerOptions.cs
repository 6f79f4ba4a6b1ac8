namespace Prometei.Testing;

/// <summary>How <see cref="PostgresServer.StartAsync"/> starts its server. Every property is optional.</summary>
public sealed class PostgresServerOptions
{
    /// <summary>
    /// The folder that holds <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When null: the <c>PG_BIN</c> environment
    /// variable, then <c>pg_config --bindir</c>, then the newest <c>/usr/lib/postgresql/*/bin</c>, then <c>initdb</c> on PATH.
    /// </summary>
    public string? BinDirectory { get; init; }

    /// <summary>
    /// A data folder to use instead of a fresh temporary one. An existing cluster (a folder with <c>PG_VERSION</c>) is
    /// reused as it is; a missing or empty folder is initialised with <c>initdb</c>. When running as root, the folder and
    /// its parents must be traversable by the <c>postgres</c> user.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// Whether the data folder survives <see cref="PostgresServer.StopAsync"/>. When null (the default): a
    /// <see cref="DataDirectory"/> you passed is kept and a temporary one is deleted.
    /// </summary>
    public bool? KeepData { get; init; }

    /// <summary>A fixed TCP port on 127.0.0.1. When null, a free port is picked (and another one on a collision).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Server settings passed as <c>-c name=value</c>, on top of (and overriding) the defaults
    /// <c>listen_addresses=127.0.0.1</c>, <c>fsync=on</c>, <c>max_connections=300</c> and <c>shared_buffers=128MB</c>.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long <c>pg_ctl start</c> may wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a fast shutdown may take before the server is stopped in immediate mode.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives progress lines (folder, port, orphan clean-up); for example an xunit diagnostic sink.</summary>
    public Action<string>? Log { get; init; }
}
