namespace Prometei.AppHost.Hosting;

/// <summary>A database of a <see cref="PostgresServerResource"/>, created when missing.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name (the key of <c>ConnectionStrings__{name}</c>).</param>
    /// <param name="databaseName">The database's name on the server.</param>
    /// <param name="parent">The server.</param>
    public PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
        : base(name)
    {
        DatabaseName = databaseName;
        Parent = parent;
        WaitsFor.Add(parent);
    }

    /// <inheritdoc />
    public override string Kind => "Database";

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName { get; }

    /// <summary>The server.</summary>
    public PostgresServerResource Parent { get; }

    /// <inheritdoc />
    public async ValueTask<string> GetConnectionStringAsync(CancellationToken cancellationToken)
    {
        var connection = await Parent.GetConnectionAsync(cancellationToken);
        connection.Database = DatabaseName;
        return connection.ConnectionString;
    }
}
