using System.Diagnostics;
using Aspire.Npgsql;
using Microsoft.Extensions.Hosting;

namespace Prometei.ServiceDefaults.Persistence;

public static class NpgsqlDataSourceExtensions
{
    /// <summary>
    /// Adds the <see cref="Npgsql.NpgsqlDataSource"/> of <c>ConnectionStrings:{connectionName}</c> through Aspire's client
    /// integration (health check, tracing, metrics), tracing only the commands that run inside a trace: the services poll
    /// their queues every second, and a root span per poll would bury the requests' traces.
    /// </summary>
    public static IHostApplicationBuilder AddPrometeiNpgsqlDataSource(
        this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlSettings>? configureSettings = null)
    {
        builder.AddNpgsqlDataSource(connectionName, configureSettings, dataSource => dataSource.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is not null)
            .ConfigureBatchFilter(_ => Activity.Current is not null)));
        return builder;
    }
}
