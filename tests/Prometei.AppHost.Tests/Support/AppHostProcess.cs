using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests.Support;

/// <summary>
/// <c>dotnet run --project Prometei.AppHost</c> as a process, as README tells a user to run it (launch profile <c>http</c>:
/// the dashboard on http://localhost:15080), on a data folder of its own. Reads the login URL it prints.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private static readonly string[] s_vendorPrefixes = ["AMOCRM_", "AMO_", "KASPI_", "CRM_API_"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _login = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelper _log;

    private AppHostProcess(Process process, ITestOutputHelper log)
    {
        _process = process;
        _log = log;
    }

    public int ProcessId => _process.Id;

    /// <summary>The login URL the AppHost printed (<c>…/login?t=…</c>).</summary>
    public Uri LoginUrl { get; private set; } = default!;

    public Uri Dashboard => new(LoginUrl.GetLeftPart(UriPartial.Authority));

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the AppHost with no vendor credentials in its environment; returns once it has printed its login URL.</summary>
    public static async Task<AppHostProcess> StartAsync(string dataDirectory, ITestOutputHelper log, IReadOnlyDictionary<string, string>? settings = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServiceProcess.RepositoryRoot(),
        };
        foreach (var argument in new[] { "run", "--project", "Prometei.AppHost", "--no-build", "-c", Configuration })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(k => s_vendorPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["AppHost__DataPath"] = dataDirectory;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new AppHostProcess(process, log);
        process.Exited += (_, _) => host._login.TrySetException(
            new Xunit.Sdk.XunitException($"The AppHost exited before printing its login URL.{Environment.NewLine}{host.Output}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        host.LoginUrl = await host._login.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return host;
    }

    /// <summary>The build configuration these tests were built in (the AppHost was built with them).</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The processes the AppHost started so far (its descendants), by id with their command lines.</summary>
    public Dictionary<int, string> Descendants() =>
        ProcessTable.StartedBy(_process.Id).ToDictionary(p => p.ProcessId, p => p.CommandLine);

    /// <summary>The addresses a service's processes listen on (one per replica), read from their ASPNETCORE_URLS.</summary>
    public IReadOnlyList<Uri> ServiceUrls(string processName) =>
        [.. ProcessTable.StartedBy(_process.Id)
            .Where(p => p.CommandLine.Contains($"/{processName} ", StringComparison.Ordinal) || p.CommandLine.EndsWith("/" + processName, StringComparison.Ordinal))
            .Select(p => ProcessTable.Environment(p.ProcessId)?.GetValueOrDefault("ASPNETCORE_URLS"))
            .OfType<string>()
            .Select(urls => new Uri(urls.Split(';')[0]))];

    /// <summary>Waits until <paramref name="count"/> processes of the service answer <paramref name="healthPath"/> with 200.</summary>
    public async Task<IReadOnlyList<Uri>> WaitUntilHealthyAsync(string processName, string healthPath, int count, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        IReadOnlyList<Uri> healthy = [];
        await SandboxApp.WaitAsync(
            async () =>
            {
                var found = new List<Uri>();
                foreach (var url in ServiceUrls(processName))
                {
                    using var answer = await http.GetAsync(new Uri(url, healthPath));
                    if (answer.IsSuccessStatusCode)
                    {
                        found.Add(url);
                    }
                }

                healthy = found;
                return found.Count >= count;
            },
            timeout,
            () => $"{count} healthy {processName} process(es) (healthy: {healthy.Count})");
        return healthy;
    }

    /// <summary>Sends SIGTERM (what a service manager or <c>kill</c> sends) and waits for the AppHost to exit.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        using (Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return stopwatch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _log.WriteLine(Output.Length > 20_000 ? Output[^20_000..] : Output);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (LoginLine().Match(line) is { Success: true } match)
        {
            _login.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Login URL:\s+(?<url>http\S+/login\?t=\S+)")]
    private static partial Regex LoginLine();
}
