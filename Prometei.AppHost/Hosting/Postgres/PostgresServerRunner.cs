using System.Text;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Prometei.AppHost.Hosting.Orchestration;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>
/// Provides the PostgreSQL server, trying in order: a container when a Docker engine answers; the installed server
/// programs; the configured connection string <c>ConnectionStrings:postgres</c>. <c>AppHost:Postgres:Provider</c>
/// (<c>container</c>, <c>installed</c>, <c>connection-string</c>) picks one. When none works, the error names all three.
/// </summary>
internal sealed class PostgresServerRunner(PostgresServerResource resource, ResourceRuntime runtime, RunContext context) : IResourceRunner
{
    private static readonly string[] s_providers = ["container", "installed", "connection-string"];

    private IPostgresInstance? _instance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Starting();
        if (_instance is null)
        {
            _instance = await ProvideAsync(cancellationToken);
            runtime.CanBeControlled = _instance.CanBeControlled;
        }
        else
        {
            await _instance.StartAsync(cancellationToken);
        }

        resource.Provisioned(_instance.Connection);
        runtime.Started(_instance.ProcessId, _instance.Description, running: true);
    }

    public async Task StopAsync(bool force)
    {
        if (_instance is null)
        {
            runtime.MarkStopped();
            return;
        }

        if (runtime.IsActive)
        {
            runtime.Stopping();
        }

        await _instance.StopAsync(force);
        runtime.MarkStopped(_instance.Description);
    }

    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_instance is null)
        {
            return HealthReport.Unhealthy("not provisioned", answered: false);
        }

        if (_instance.IsRunning == false && runtime.State == ResourceState.Running)
        {
            runtime.Note("The postmaster is gone.");
            runtime.Ended(ResourceState.Crashed, null, "the server process ended on its own");
            return HealthReport.Unhealthy("the server process is gone", answered: false);
        }

        var probe = new NpgsqlConnectionStringBuilder(_instance.Connection.ConnectionString) { Pooling = false, Timeout = 3 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthReport.Healthy("SELECT 1");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthReport.Unhealthy(ex.Message, answered: ex is PostgresException);
        }
    }

    private async Task<IPostgresInstance> ProvideAsync(CancellationToken cancellationToken)
    {
        var chosen = context.Configuration["AppHost:Postgres:Provider"];
        if (chosen is { Length: > 0 } && !s_providers.Contains(chosen, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"AppHost:Postgres:Provider is '{chosen}'; use one of {string.Join(", ", s_providers)}, or leave it unset to try them in order.");
        }

        var reasons = new List<(string Provider, string Reason)>();
        foreach (var provider in s_providers.Where(p => chosen is not { Length: > 0 } || string.Equals(p, chosen, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                IPostgresInstance instance = provider switch
                {
                    "container" => await PostgresContainer.CreateAsync(resource, runtime, context, cancellationToken),
                    "installed" => await InstalledPostgres.CreateAsync(resource, runtime, context, cancellationToken),
                    _ => ConfiguredPostgres.Create(context.Configuration.GetConnectionString(ConfiguredPostgres.ConnectionStringName)),
                };
                try
                {
                    await instance.StartAsync(cancellationToken);
                }
                catch
                {
                    // Half started (say, pg_ctl started the server and the next step failed): nothing may outlive the failure.
                    await StopQuietlyAsync(instance);
                    throw;
                }

                return instance;
            }
            catch (PostgresUnavailableException ex)
            {
                reasons.Add((provider, ex.Message));
                runtime.Note($"PostgreSQL as {provider}: not available ({ex.Message})");
            }
        }

        throw new InvalidOperationException(Explain(reasons));
    }

    private async Task StopQuietlyAsync(IPostgresInstance instance)
    {
        try
        {
            await instance.StopAsync(force: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            runtime.Note("Could not stop the half-started server: " + ex.Message);
        }
    }

    private static string Explain(List<(string Provider, string Reason)> reasons)
    {
        var text = new StringBuilder("PostgreSQL could not be provided. The AppHost tries, in order:");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["container"] = "1. a container, when a Docker engine answers (docker info)",
            ["installed"] = "2. the installed PostgreSQL server programs (initdb, pg_ctl)",
            ["connection-string"] = "3. a connection string from configuration (ConnectionStrings__postgres)",
        };
        foreach (var provider in s_providers)
        {
            var reason = reasons.Find(r => r.Provider == provider).Reason ?? "not tried (AppHost:Postgres:Provider chose another)";
            text.AppendLine().Append("  ").Append(labels[provider]).Append(": ").Append(reason);
        }

        text.AppendLine().Append(
            "Make one of them work: start a Docker engine; or install PostgreSQL (apt-get install -y postgresql); or set " +
            "ConnectionStrings__postgres (in the environment or .env) to a server where that user may create databases.");
        return text.ToString();
    }
}
