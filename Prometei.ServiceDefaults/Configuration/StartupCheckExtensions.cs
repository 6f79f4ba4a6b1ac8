using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Prometei.ServiceDefaults.Configuration;

/// <summary>Runs a service whose wrong configuration stops it with one log line instead of an unhandled exception's stack.</summary>
public static class StartupCheckExtensions
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
            ReportCannotStart(host.Services, problems);
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync(); // flushes the other logging providers (OpenTelemetry's exporter)
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

    /// <summary>
    /// Writes the critical line to the console synchronously, in the console logger's own format, and gives it to every other
    /// logging provider as usual. The console logger writes from a background queue that its disposal waits for 1.5 s at most:
    /// on a loaded machine the process's first JSON line (its formatter not yet compiled) can miss that window and the one line
    /// that says why the service stopped would be lost.
    /// </summary>
    private static void ReportCannotStart(IServiceProvider services, string problems)
    {
        const string category = "Prometei.Startup";
        var message = CannotStartFormat.Replace("{Problems}", problems, StringComparison.Ordinal);
        var state = new CannotStartState(message, [new("Problems", problems), new("{OriginalFormat}", CannotStartFormat)]);
        var entry = new LogEntry<CannotStartState>(LogLevel.Critical, category, CannotStartEvent, state, null, (_, _) => message);

        var consoleOptions = services.GetService<IOptionsMonitor<ConsoleLoggerOptions>>()?.CurrentValue;
        var providers = services.GetServices<ILoggerProvider>().ToList();
        var formatterName = consoleOptions?.FormatterName ?? ConsoleFormatterNames.Simple;
        var formatter = services.GetServices<ConsoleFormatter>().FirstOrDefault(f => f.Name == formatterName);
        if (formatter is not null && providers.Any(p => p is ConsoleLoggerProvider))
        {
            using var line = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            formatter.Write(in entry, new LoggerExternalScopeProvider(), line);
            var output = consoleOptions?.LogToStandardErrorThreshold <= LogLevel.Critical ? Console.Error : Console.Out;
            output.Write(line.ToString());
            output.Flush();
        }

        foreach (var provider in providers.Where(p => formatter is null || p is not ConsoleLoggerProvider))
        {
            provider.CreateLogger(category).Log(LogLevel.Critical, CannotStartEvent, state, null, (_, _) => message);
        }
    }

    private const string CannotStartFormat = "The service cannot start, its configuration is wrong: {Problems}";

    private static readonly EventId CannotStartEvent = new(1, "CannotStart");

    /// <summary>The entry's structured state, as a <c>[LoggerMessage]</c> method would give it: its properties, and the message as its text.</summary>
    private sealed class CannotStartState(string message, IReadOnlyList<KeyValuePair<string, object?>> properties) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => properties.Count;

        public KeyValuePair<string, object?> this[int index] => properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
