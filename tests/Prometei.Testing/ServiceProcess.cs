using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prometei.Testing;

/// <summary>
/// One of our services (Prometei.Workflows, Prometei.Api) running as a real process from its build output, on a free
/// 127.0.0.1 port. Tests kill it with SIGKILL to prove what survives a crash.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();

    private ServiceProcess(string name, Process process, int port, string logFile)
    {
        Name = name;
        _process = process;
        Port = port;
        LogFile = logFile;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote to stdout and stderr, also kept in this file.</summary>
    public string LogFile { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the project's built DLL (<c>{repo}/{project}/bin/{Configuration}/net10.0/{project}.dll</c>, or <paramref name="dll"/>,
    /// a published one) with the given environment (which may replace <c>ASPNETCORE_ENVIRONMENT</c>, Development by default),
    /// and waits until <paramref name="readyPath"/> answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string project,
        IReadOnlyDictionary<string, string?> environment,
        string readyPath = "/health",
        TimeSpan? timeout = null,
        int? port = null,
        string? dll = null)
    {
        dll ??= FindBuildOutput(project);
        var chosenPort = port ?? FreePort();
        var logFile = Path.Combine(Path.GetTempPath(), $"prometei-{project}-{chosenPort}-{DateTime.UtcNow:yyyyMMdd-HHmmssfff}-{Guid.NewGuid():N}.log");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{chosenPort}";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.Start();
        var service = new ServiceProcess(project, process, chosenPort, logFile);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // The parameterless wait also waits for the output handlers to reach the end of both streams (a loaded machine
                // runs them late), so the message and the log file hold the process's last lines.
                await Task.Run(() => process.WaitForExit()).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
                throw new ServiceExitedException(project, process.ExitCode, service.Output, logFile);
            }

            try
            {
                using var response = await http.GetAsync(readyPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        service.Kill();
        throw new TimeoutException($"{project} did not answer {readyPath} within the timeout. Output:\n{Tail(service.Output)}");
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>SIGSTOP: the process freezes where it is (as in a long GC pause or a suspended VM) and holds what it holds.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a paused process goes on from where it stopped, unaware of the time that passed.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for a graceful exit (SIGKILL after the timeout).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The built DLL of a project of this repository, for the configuration the tests were built with.</summary>
    public static string FindBuildOutput(string project)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var dll = Path.Combine(root, project, "bin", configuration, "net10.0", $"{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution first (dotnet build -c {configuration}).", dll);
        }

        return dll;
    }

    /// <summary>The folder that holds Prometei.sln, found from the test's output folder upwards.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Prometei.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Prometei.sln above {AppContext.BaseDirectory}.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
            File.AppendAllText(LogFile, line + Environment.NewLine);
        }
    }

    internal static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}

/// <summary>The service's process ended before it answered its ready path; <see cref="Output"/> holds all it wrote.</summary>
public sealed class ServiceExitedException(string project, int exitCode, string output, string logFile)
    : InvalidOperationException($"{project} exited with code {exitCode} while starting (its output is in {logFile}). Output:\n{ServiceProcess.Tail(output)}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Everything the process wrote to stdout and stderr, to its last line.</summary>
    public string Output { get; } = output;
}
