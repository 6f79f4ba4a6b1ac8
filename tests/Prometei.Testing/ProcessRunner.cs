using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Prometei.Testing;

/// <summary>Runs a command to completion and captures its output.</summary>
internal static class ProcessRunner
{
    // Output pipes close when the process exits unless a grandchild inherited them; don't wait forever for that.
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="fileName"/> and returns its exit code and output.</summary>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    /// <exception cref="TimeoutException">The program did not exit within <paramref name="timeout"/>; it was killed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', [fileName, .. startInfo.ArgumentList]);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new FileNotFoundException($"Could not run `{commandLine}`: {ex.Message}", fileName, ex);
        }

        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(string.Format(
                CultureInfo.InvariantCulture,
                "`{0}` did not exit within {1:0.#} s and was killed.",
                commandLine,
                timeout.TotalSeconds));
        }

        try
        {
            await Task.WhenAll(standardOutput, standardError).WaitAsync(s_outputGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            return new ProcessResult(commandLine, process.ExitCode, "(output not captured: a child process kept the pipe open)", "");
        }

        return new ProcessResult(commandLine, process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>The process with id <paramref name="pid"/>, or null when there is none.</summary>
    public static Process? TryGetProcess(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="process"/> still runs. A daemon such as the postmaster is reparented to PID 1, and a PID 1
    /// that reaps lazily (as in some containers) leaves it a zombie for a while after it exited; that counts as exited.
    /// </summary>
    public static bool IsAlive(Process process)
    {
        if (process.HasExited)
        {
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        try
        {
            // "pid (comm) S ...": the state follows the last parenthesis.
            var stat = File.ReadAllText($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end < 0 || end + 2 >= stat.Length || stat[end + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}
