using Npgsql;

namespace Prometei.AppHost.Hosting;

/// <summary>
/// A PostgreSQL server: a container when a Docker engine answers, otherwise the installed server programs, otherwise the
/// server of the connection string <c>ConnectionStrings:postgres</c> (see <c>Postgres/PostgresServerRunner.cs</c>).
/// </summary>
public sealed class PostgresServerResource : Resource, IResourceWithConnectionString
{
    /// <summary>The superuser the AppHost connects as.</summary>
    public const string UserName = "postgres";

    private readonly TaskCompletionSource<NpgsqlConnectionStringBuilder> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="password">The superuser's password.</param>
    /// <param name="port">The port asked for; a free one when null or taken.</param>
    public PostgresServerResource(string name, ParameterResource password, int? port)
        : base(name)
    {
        Password = password;
        Endpoint = new EndpointReference(this, "tcp", "tcp", port);
    }

    /// <inheritdoc />
    public override string Kind => "PostgreSQL";

    /// <summary>The superuser's password (a container's or an initdb'd cluster's; a configured server has its own).</summary>
    public ParameterResource Password { get; }

    /// <summary>The port a container or the installed server listens on.</summary>
    public EndpointReference Endpoint { get; }

    /// <summary>Whether the data outlives the run (<see cref="PostgresBuilderExtensions.WithDataVolume"/>).</summary>
    public bool KeepsData { get; internal set; }

    /// <summary>The container's volume, when one is used.</summary>
    public string? VolumeName { get; internal set; }

    /// <summary>The databases added with <see cref="PostgresBuilderExtensions.AddDatabase"/>.</summary>
    public IList<PostgresDatabaseResource> Databases { get; } = new List<PostgresDatabaseResource>();

    /// <inheritdoc />
    public async ValueTask<string> GetConnectionStringAsync(CancellationToken cancellationToken) =>
        (await GetConnectionAsync(cancellationToken)).ConnectionString;

    /// <summary>The server's connection (database <c>postgres</c>), once provisioned.</summary>
    public async Task<NpgsqlConnectionStringBuilder> GetConnectionAsync(CancellationToken cancellationToken) =>
        new((await _connection.Task.WaitAsync(cancellationToken)).ConnectionString);

    /// <summary>The superuser on 127.0.0.1 at <see cref="Endpoint"/> (a container or the installed server), database <c>postgres</c>.</summary>
    internal NpgsqlConnectionStringBuilder LocalConnection() => new()
    {
        Host = "127.0.0.1",
        Port = Endpoint.Port,
        Username = UserName,
        Password = Password.Value,
        Database = "postgres",
    };

    internal void Provisioned(NpgsqlConnectionStringBuilder connection) => _connection.TrySetResult(connection);
}
