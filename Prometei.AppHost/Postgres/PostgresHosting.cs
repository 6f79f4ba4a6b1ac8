using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Prometei.AppHost.Postgres;

/// <summary>
/// PostgreSQL for the AppHost, with or without a container engine. When one answers (<c>docker info</c>, or the runtime
/// named by <c>ASPIRE_CONTAINER_RUNTIME</c>), Aspire's own <c>AddPostgres(...).WithDataVolume()</c>. Otherwise the installed
/// server programs run as Aspire resources: <c>postgres-init</c> (a one-shot step: initdb on the kept data folder, the
/// superuser's password), then <c>postgres</c> (the server, on a port Aspire allocates), whose health check also creates the
/// databases that are missing. Either way the services get <c>ConnectionStrings__{name}</c> through <c>WithReference</c>.
/// </summary>
public static class PostgresHosting
{
    public const string ProviderKey = "AppHost:Postgres:Provider";
    public const string BinPathKey = "AppHost:Postgres:BinPath";
    public const string DataPathKey = "AppHost:DataPath";

    /// <summary>Adds the server; <see cref="PrometeiPostgres.AddDatabase"/> adds its databases.</summary>
    /// <exception cref="InvalidOperationException">Neither a container engine nor the installed programs can run it; the message says what was tried.</exception>
    public static PrometeiPostgres AddPrometeiPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddParameter(
            $"{name}-password",
            new GenerateParameterDefault { MinLength = 24, Special = false },
            secret: true,
            persist: true);

        var provider = builder.Configuration[ProviderKey]?.Trim().ToLowerInvariant();
        var tried = new List<string>();
        if (provider is null or "" or "container")
        {
            var engine = ContainerEngine.Probe(builder.Configuration);
            if (engine.Answers)
            {
                var server = builder.AddPostgres(name, password: password).WithDataVolume();
                return new PrometeiPostgres(server, (resourceName, databaseName) => server.AddDatabase(resourceName, databaseName));
            }

            tried.Add($"a container: {engine.Problem}");
            if (provider == "container")
            {
                throw Unavailable(tried);
            }
        }

        if (provider is null or "" or "installed")
        {
            if (InstalledPrograms.Locate(builder.Configuration[BinPathKey], out var problem) is { } bin)
            {
                return AddInstalled(builder, name, password, bin);
            }

            tried.Add($"the installed server programs: {problem}");
        }
        else if (provider != "container")
        {
            tried.Add($"{ProviderKey}='{provider}', which is neither 'container' nor 'installed'");
        }

        throw Unavailable(tried);
    }

    private static PrometeiPostgres AddInstalled(
        IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, string bin)
    {
        var dataRoot = Path.GetFullPath(builder.Configuration[DataPathKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, ".data"));
        var dataDirectory = Path.Combine(dataRoot, name);
        var socketDirectory = Path.Combine(dataRoot, $"{name}-run");
        Directory.CreateDirectory(dataRoot);

        var script = Path.Combine(AppContext.BaseDirectory, "Postgres", "init-postgres.sh");
        var init = builder.AddExecutable($"{name}-init", "bash", dataRoot, script)
            .WithEnvironment("PG_BIN", bin)
            .WithEnvironment("PGDATA", dataDirectory)
            .WithEnvironment("PG_SOCKET_DIR", socketDirectory)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .ExcludeFromManifest();

        string[] serverArguments =
        [
            "-D", dataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=200",
            "-k", socketDirectory,
        ];
        var (command, arguments) = InstalledPrograms.IsRoot
            // setpriv replaces itself with postgres, so the orchestrator's signals reach the server.
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, "postgres"), .. serverArguments])
            : (Path.Combine(bin, "postgres"), serverArguments);

        var server = builder.AddExecutable(name, command, dataRoot, arguments)
            // The orchestrator picks the port and hands it over in PGPORT, which postgres reads.
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WaitForCompletion(init)
            .ExcludeFromManifest();
        init.WithParentRelationship(server);

        var endpoint = server.GetEndpoint("tcp");
        var databases = new List<string>();
        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new InstalledPostgresHealthCheck(
                ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database=postgres"),
                databases),
            failureStatus: null,
            tags: null));
        server.WithHealthCheck(healthCheckKey);

        return new PrometeiPostgres(server, (resourceName, databaseName) =>
        {
            databases.Add(databaseName);
            return builder.AddConnectionString(
                    resourceName,
                    ReferenceExpression.Create(
                        $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database={databaseName}"))
                .WithParentRelationship(server);
        });
    }

    private static InvalidOperationException Unavailable(IEnumerable<string> tried) => new(
        "PostgreSQL cannot be started. Tried " + string.Join("; then ", tried) + ". Install the server programs "
        + "(apt-get install -y postgresql) or start a container engine, or set " + ProviderKey + " to choose one.");
}

/// <summary>PostgreSQL as the AppHost runs it, whatever runs it.</summary>
public sealed class PrometeiPostgres
{
    private readonly Func<string, string, IResourceBuilder<IResourceWithConnectionString>> _addDatabase;

    internal PrometeiPostgres(IResourceBuilder<IResource> server, Func<string, string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
    {
        Server = server;
        _addDatabase = addDatabase;
    }

    /// <summary>The server: what a service waits for (healthy once it answers and every database exists).</summary>
    public IResourceBuilder<IResource> Server { get; }

    /// <summary>Adds a database; reference it with <c>WithReference(database, connectionName)</c> and wait for <see cref="Server"/>.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name, string databaseName) => _addDatabase(name, databaseName);
}

/// <summary>Healthy when the installed server answers; creates the AppHost's databases that are missing.</summary>
internal sealed class InstalledPostgresHealthCheck(ReferenceExpression connectionString, IReadOnlyList<string> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var value = await connectionString.GetValueAsync(cancellationToken);
            var builder = new NpgsqlConnectionStringBuilder(value) { Pooling = false, Timeout = 5 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            foreach (var database in databases)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
                exists.Parameters.AddWithValue(database);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}

/// <summary>Does a container engine answer? Asked once at start, with a short timeout.</summary>
internal readonly record struct ContainerEngine(bool Answers, string Problem)
{
    public static ContainerEngine Probe(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return new(false, $"'{runtime}' could not be started");
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return new(false, $"'{runtime} info' did not answer within 10 s");
            }

            var error = process.StandardError.ReadToEnd().Trim();
            return process.ExitCode == 0
                ? new(true, "")
                : new(false, $"'{runtime} info' failed ({FirstLine(error)})");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new(false, $"no '{runtime}' program");
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => !l.StartsWith("Client", StringComparison.Ordinal));
        return string.IsNullOrEmpty(line) ? "no engine" : line;
    }
}
