using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Prometei.AppHost.Hosting.Processes;

namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>
/// Runs an <see cref="ExecutableResource"/> as a child process in a session of its own, with the AppHost's environment plus
/// the resource's, its output in the resource log. A process that ends without being asked to is shown as Crashed (or
/// Exited, with code 0) and is not restarted.
/// </summary>
internal sealed class ProcessResourceRunner(ExecutableResource resource, ResourceRuntime runtime, RunContext context) : IResourceRunner
{
    private static readonly TimeSpan s_gracefulStop = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private Task _exited = Task.CompletedTask;
    private bool _ownGroup;
    private volatile bool _stopRequested;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_process is not null)
            {
                return;
            }

            var commandLine = resource.CommandLine();
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var shown = new List<EnvironmentVariable>();
            foreach (var (name, value) in resource.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var text = await value.Resolve(cancellationToken);
                environment[name] = text;
                shown.Add(new EnvironmentVariable(name, value.IsSecret ? null : text, value.IsSecret));
            }

            runtime.Starting(shown);
            var startInfo = new ProcessStartInfo(ProcessSignals.Setsid ?? commandLine[0])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = resource.WorkingDirectory,
            };
            foreach (var argument in ProcessSignals.Setsid is null ? commandLine.Skip(1) : commandLine)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }

            startInfo.Environment[RunContext.RunIdVariable] = context.RunId;
            var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => Append("stdout", e.Data);
            process.ErrorDataReceived += (_, e) => Append("stderr", e.Data);
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                process.Dispose();
                throw new InvalidOperationException($"Could not start `{string.Join(' ', commandLine)}`: {ex.Message}", ex);
            }

            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            _ownGroup = ProcessSignals.Setsid is not null;
            _stopRequested = false;
            context.Watchdog.TrackProcess(resource.Name, process.Id, _ownGroup);
            runtime.Note($"Started `{string.Join(' ', commandLine)}` (pid {process.Id.ToString(CultureInfo.InvariantCulture)}) in {resource.WorkingDirectory}");
            runtime.Started(process.Id, detail: null, running: resource.HealthCheck is null);
            _exited = WatchAsync(process);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(bool force)
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is not { } process)
            {
                runtime.MarkStopped();
                return;
            }

            _stopRequested = true;
            runtime.Stopping();
            ProcessSignals.Send(process.Id, _ownGroup, force ? NativeMethods.SigKill : NativeMethods.SigTerm);
            if (await Task.WhenAny(_exited, Task.Delay(force ? TimeSpan.FromSeconds(5) : s_gracefulStop)) != _exited)
            {
                runtime.Note("Did not stop within the grace period: killed.");
                ProcessSignals.Send(process.Id, _ownGroup, NativeMethods.SigKill);
                KillTree(process);
                await _exited.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (resource.HealthCheck is not { } check)
        {
            return runtime.State == ResourceState.Running ? HealthReport.Healthy("running") : HealthReport.Unhealthy("not running", answered: false);
        }

        try
        {
            using var response = await context.Http.GetAsync(check.Url, cancellationToken);
            var status = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.OK
                ? HealthReport.Healthy($"{check.Path}: 200")
                : HealthReport.Unhealthy($"{check.Path}: {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}", answered: true);
        }
        catch (HttpRequestException ex)
        {
            return HealthReport.Unhealthy($"{check.Path}: {ex.Message}", answered: false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthReport.Unhealthy($"{check.Path}: no answer within {context.Http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", answered: false);
        }
    }

    private async Task WatchAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        var exitCode = process.ExitCode;
        if (_ownGroup)
        {
            // Whatever the process left in its group goes with it.
            ProcessSignals.SendToGroup(process.Id, NativeMethods.SigKill);
        }

        context.Watchdog.Untrack(resource.Name);
        _process = null;
        process.Dispose();
        var state = _stopRequested ? ResourceState.Stopped : exitCode == 0 ? ResourceState.Exited : ResourceState.Crashed;
        runtime.Note(string.Create(CultureInfo.InvariantCulture, $"Process ended with exit code {exitCode} ({state})."));
        runtime.Ended(state, exitCode, state == ResourceState.Crashed ? string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}") : null);
    }

    private void Append(string stream, string? line)
    {
        if (line is not null)
        {
            runtime.Log.Add(stream, line);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }
    }
}
