using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>Runs a tool (initdb, pg_ctl, docker, chown) to completion and captures its output.</summary>
internal static class Command
{
    // A daemon the tool started (pg_ctl's postmaster) may keep the output pipes open; don't wait for them forever.
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromSeconds(5);

    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/> and was killed.</exception>
    public static async Task<CommandResult> RunAsync(
        IReadOnlyList<string> commandLine,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(commandLine[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in commandLine.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var text = string.Join(' ', commandLine);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new FileNotFoundException($"Could not run `{text}`: {ex.Message}", commandLine[0], ex);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(string.Format(CultureInfo.InvariantCulture, "`{0}` did not exit within {1:0} s and was killed.", text, timeout.TotalSeconds));
        }

        try
        {
            await Task.WhenAll(output, error).WaitAsync(s_outputGrace, CancellationToken.None);
            return new CommandResult(text, process.ExitCode, await output, await error);
        }
        catch (TimeoutException)
        {
            return new CommandResult(text, process.ExitCode, "", "");
        }
    }
}
