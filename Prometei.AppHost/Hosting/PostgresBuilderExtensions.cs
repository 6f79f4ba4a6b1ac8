using Microsoft.Extensions.Configuration;

namespace Prometei.AppHost.Hosting;

/// <summary><c>AddPostgres</c>, <c>AddDatabase</c> and <c>WithDataVolume</c>, named as in Aspire.Hosting.PostgreSQL.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server. Its superuser password is the parameter <c>{name}-password</c>; the port is
    /// <paramref name="port"/> (or <c>AppHost:Postgres:Port</c>) when free, otherwise any free port.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        var configuredPort = builder.Configuration.GetValue<int?>("AppHost:Postgres:Port");
        return builder.AddResource(new PostgresServerResource(name, password.Resource, port ?? configuredPort));
    }

    /// <summary>Keeps the server's data between runs: a Docker volume, or the data folder's <c>postgres/</c> for the installed server.</summary>
    public static IResourceBuilder<PostgresServerResource> WithDataVolume(this IResourceBuilder<PostgresServerResource> builder, string? name = null)
    {
        builder.Resource.KeepsData = true;
        builder.Resource.VolumeName = name;
        return builder;
    }

    /// <summary>Adds a database, created when missing; others get its connection string through <c>WithReference</c>.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
