using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Prometei.ServiceDefaults.Configuration;

/// <summary>Runs a service whose wrong configuration stops it with one log line instead of an unhandled exception's stack.</summary>
public static partial class StartupCheckExtensions
{
    /// <summary>
    /// Validates the options (<c>ValidateOnStart</c>, <see cref="ConfigurationProblem"/>) and builds the hosted services (which
    /// read their options) before the host starts; when that fails because of the configuration, logs one critical line naming
    /// each wrong setting and returns 1 without starting anything. Otherwise runs the host until it stops and returns 0. Any
    /// other failure is thrown as before.
    /// </summary>
    public static async Task<int> RunCheckedAsync(this IHost host)
    {
        if (ConfigurationProblems(host.Services) is { } problems)
        {
            LogCannotStart(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Prometei.Startup"), problems);
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync(); // flushes the console logger
            }
            else
            {
                host.Dispose();
            }

            return 1;
        }

        await host.RunAsync();
        return 0;
    }

    private static string? ConfigurationProblems(IServiceProvider services)
    {
        try
        {
            // What Host.StartAsync does first, the validation first: a ConfigurationProblem (a connection string Npgsql would
            // refuse) is reported before a hosted service fails on what it left unusable.
            services.GetService<IStartupValidator>()?.Validate();
            _ = services.GetServices<IHostedService>().ToList();
            return null;
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } problems)
        {
            return problems;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The service cannot start, its configuration is wrong: {Problems}")]
    private static partial void LogCannotStart(ILogger logger, string problems);
}
