using Aspire.Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Prometei.ServiceDefaults.Persistence;

public static class NpgsqlDataSourceExtensions
{
    /// <summary>
    /// Adds the <see cref="Npgsql.NpgsqlDataSource"/> of <c>ConnectionStrings:{connectionName}</c> through Aspire's client
    /// integration (health check, tracing, metrics), tracing only the commands that run inside a recorded span: the services
    /// poll their queues every second, and a root span per poll would bury the requests' traces; and when nothing exports
    /// traces, no span is recorded, so Npgsql neither starts one nor builds a batch's whole SQL text for it. Also adds
    /// <see cref="DatabaseOutage"/> (an outage logged once) and <see cref="DatabaseUnavailableExceptionHandler"/> (a request
    /// that met it answered 503 problem+json).
    /// </summary>
    public static IHostApplicationBuilder AddPrometeiNpgsqlDataSource(
        this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlSettings>? configureSettings = null)
    {
        builder.AddNpgsqlDataSource(connectionName, configureSettings, dataSource => dataSource.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Extensions.IsRecording)
            .ConfigureBatchFilter(_ => Extensions.IsRecording)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DatabaseOutage>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        return builder;
    }
}
