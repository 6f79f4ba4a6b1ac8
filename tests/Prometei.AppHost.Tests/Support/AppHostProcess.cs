using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests.Support;

/// <summary>
/// <c>dotnet Prometei.AppHost.dll</c> as a process, as a user runs it from a terminal, on a data folder of its own; its
/// dashboard read through the token it prints.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private static readonly string[] s_vendorPrefixes = ["AMOCRM_", "AMO_", "KASPI_", "CRM_API_"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<(Uri Url, string Token)> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelper _log;
    private HttpClient? _http;

    private AppHostProcess(Process process, string dataDirectory, ITestOutputHelper log)
    {
        _process = process;
        DataDirectory = dataDirectory;
        _log = log;
    }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public Uri DashboardUrl { get; private set; } = default!;

    public string DashboardToken { get; private set; } = "";

    /// <summary>The dashboard API, with the token as a bearer token.</summary>
    public HttpClient Dashboard => _http ?? throw new InvalidOperationException("The dashboard URL has not been printed yet.");

    /// <summary>
    /// Starts the built AppHost with the dashboard on a free port and no vendor credentials in its environment; returns once
    /// the dashboard's URL is printed. SIGINT is reset to its default, as in a terminal's foreground (a process started in
    /// the background inherits it ignored, and .NET keeps an ignored SIGINT ignored).
    /// </summary>
    public static async Task<AppHostProcess> StartAsync(string dataDirectory, ITestOutputHelper log, IReadOnlyDictionary<string, string>? settings = null)
    {
        var startInfo = new ProcessStartInfo("env")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServiceProcess.RepositoryRoot(),
        };
        foreach (var argument in new[] { "--default-signal=INT,QUIT", "dotnet", ServiceProcess.FindBuildOutput("Prometei.AppHost") })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(k => s_vendorPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["AppHost__DataPath"] = dataDirectory;
        startInfo.Environment["AppHost__DashboardPort"] = "0";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new AppHostProcess(process, dataDirectory, log);
        process.Exited += (_, _) => host._dashboard.TrySetException(
            new Xunit.Sdk.XunitException($"The AppHost exited before printing its dashboard URL.{System.Environment.NewLine}{host.Output}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var (url, token) = await host._dashboard.Task.WaitAsync(TimeSpan.FromMinutes(2));
        host.DashboardUrl = url;
        host.DashboardToken = token;
        host._http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        host._http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host;
    }

    public async Task<IReadOnlyList<ResourceInfo>> ResourcesAsync()
    {
        var json = JsonNode.Parse(await Dashboard.GetStringAsync("api/resources"))!;
        return [.. json["resources"]!.AsArray().Select(r => ResourceInfo.From(r!))];
    }

    public async Task<ResourceInfo> ResourceAsync(string name) => (await ResourcesAsync()).Single(r => r.Name == name);

    /// <summary>Waits until the dashboard lists every resource running and healthy; fails with the list and the AppHost's output.</summary>
    public async Task<IReadOnlyList<ResourceInfo>> WaitUntilAllHealthyAsync(TimeSpan timeout)
    {
        IReadOnlyList<ResourceInfo> resources = [];
        await WaitAsync(async () => (resources = await ResourcesAsync()).All(r => r.IsHealthy), timeout, () => "every resource healthy: " + string.Join("; ", resources));
        return resources;
    }

    /// <summary>Polls <paramref name="condition"/>; fails with what <paramref name="what"/> says and the AppHost's output.</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"The AppHost exited (code {_process.ExitCode}) while waiting for {what()}.{System.Environment.NewLine}{Output}");
            }

            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what()}.{System.Environment.NewLine}{Output}{System.Environment.NewLine}{LogTails()}");
    }

    /// <summary>The values <c>parameters.json</c> keeps.</summary>
    public IReadOnlyDictionary<string, string> Parameters() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(DataDirectory, "parameters.json")))!;

    /// <summary>Sends a signal (INT, TERM, KILL) to the AppHost.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the AppHost to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The AppHost did not exit within {timeout.TotalSeconds:0} s.{System.Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>The last lines of each resource's log file (<c>{data}/logs/</c>), for failure messages.</summary>
    public string LogTails()
    {
        var folder = Path.Combine(DataDirectory, "logs");
        if (!Directory.Exists(folder))
        {
            return "";
        }

        return string.Join(System.Environment.NewLine, Directory.EnumerateFiles(folder, "*.log").Select(file =>
            $"== {Path.GetFileName(file)}{System.Environment.NewLine}{string.Join(System.Environment.NewLine, File.ReadLines(file).TakeLast(25).Select(l => l.Length > 400 ? l[..400] : l))}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A test that failed midway: stop it as a user would, then for good.
            Signal("INT");
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _http?.Dispose();
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

        try
        {
            _log.WriteLine("apphost| " + line);
        }
        catch (InvalidOperationException)
        {
            // The test is over.
        }

        if (DashboardLine().Match(line) is { Success: true } match)
        {
            _dashboard.TrySetResult((new Uri(match.Groups["url"].Value), match.Groups["token"].Value));
        }
    }

    [GeneratedRegex(@"Dashboard:\s+(?<url>http://127\.0\.0\.1:\d+/)\?t=(?<token>[0-9a-f]+)")]
    private static partial Regex DashboardLine();
}
