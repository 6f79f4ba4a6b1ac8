using Microsoft.Extensions.Configuration;
using Prometei.AppHost.Hosting.Processes;

namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>What every runner of one AppHost run shares.</summary>
internal sealed class RunContext(
    IConfiguration configuration,
    string dataDirectory,
    ChildProcessWatchdog watchdog,
    AppHostConsole console) : IDisposable
{
    /// <summary>Set in the environment of everything the AppHost starts, so that what it started can be found (tests do).</summary>
    public const string RunIdVariable = "PROMETEI_APPHOST_RUN";

    public IConfiguration Configuration { get; } = configuration;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary><c>{data}/run</c>: this run's lock, cleanup script, sockets.</summary>
    public string RunDirectory { get; } = Path.Combine(dataDirectory, "run");

    public string LogDirectory { get; } = Path.Combine(dataDirectory, "logs");

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public ChildProcessWatchdog Watchdog { get; } = watchdog;

    public AppHostConsole Console { get; } = console;

    /// <summary>For health checks: short timeouts, no redirects, no proxy.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public void Dispose() => Http.Dispose();
}
