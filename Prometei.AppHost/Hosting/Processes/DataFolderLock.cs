using System.Globalization;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>
/// One AppHost per data folder: <c>{run}/apphost.pid</c> names the AppHost using it. A second one is refused; a file left by
/// an AppHost that died is taken over, after running the cleanup script it left (in case its watchdog could not).
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly string _path;

    private DataFolderLock(string path) => _path = path;

    /// <summary>Takes the folder; returns it with a note about what was cleaned up after a dead AppHost, if anything.</summary>
    /// <exception cref="InvalidOperationException">Another AppHost runs on this data folder.</exception>
    public static async Task<(DataFolderLock Lock, string? Note)> AcquireAsync(string runDirectory, string cleanupScript, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "apphost.pid");
        string? note = null;
        if (File.Exists(path)
            && int.TryParse((await File.ReadAllTextAsync(path, cancellationToken)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
            && owner != Environment.ProcessId)
        {
            if (ProcessSignals.IsAlive(owner) && ProcessSignals.CommandLineOf(owner)?.Contains("Prometei.AppHost", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException(
                    $"Another AppHost (pid {owner}) is running on the data folder {Path.GetDirectoryName(runDirectory)}. Stop it (Ctrl+C), " +
                    "or give this one a folder of its own with AppHost__DataPath=….");
            }

            if (File.Exists(cleanupScript) && OperatingSystem.IsLinux())
            {
                var result = await Command.RunAsync(["/bin/sh", cleanupScript], TimeSpan.FromMinutes(2), cancellationToken);
                note = $"The previous AppHost (pid {owner}) did not stop cleanly; stopped what it had left running."
                    + (result.Succeeded ? "" : " " + result.Describe());
                File.Delete(cleanupScript);
            }
        }

        await File.WriteAllTextAsync(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return (new DataFolderLock(path), note);
    }

    public void Dispose() => File.Delete(_path);
}
