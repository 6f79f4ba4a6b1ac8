using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace Prometei.ServiceDefaults.Persistence;

public static class SqlMigrationExtensions
{
    /// <summary>
    /// Applies the SQL scripts embedded under a <c>Migrations</c> folder of <paramref name="assembly"/> when the host
    /// starts, before it serves (see <see cref="MigrationHostedService"/>), and traces the run under
    /// <see cref="SqlMigrator.ActivitySourceName"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="assembly">The assembly with the <c>.sql</c> resources, e.g. <c>typeof(Program).Assembly</c>.</param>
    /// <param name="connectionStringName">
    /// The name passed to <c>IConfiguration.GetConnectionString</c>, i.e. the <c>ConnectionStrings__{name}</c> variable the AppHost sets.
    /// </param>
    /// <param name="schema">The schema of the <c>__migrations</c> table and of the scripts' unqualified names; <c>public</c> when null.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddSqlMigrations(
        this IServiceCollection services,
        Assembly assembly,
        string connectionStringName,
        string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringName);

        // Not AddHostedService: it adds one instance per type, and a service may migrate more than one schema.
        services.AddSingleton<IHostedService>(provider => new MigrationHostedService(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            assembly,
            connectionStringName,
            schema));
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(SqlMigrator.ActivitySourceName));
        return services;
    }
}
