using System.Globalization;

namespace Prometei.Testing;

/// <summary>
/// The temporary folders servers run in (<c>prometei-pg-*</c>, holding <c>owner.pid</c>, the socket, the log and by default
/// the data), and the sweep that stops and deletes those whose owner process died without cleaning up.
/// </summary>
internal static class PostgresWorkFolders
{
    private const string Prefix = "prometei-pg-";
    private const string OwnerFileName = "owner.pid";
    private const string DataPathFileName = "data.path";

    /// <summary>Creates a folder owned by this process (mode 0700).</summary>
    public static string Create(string tempRoot)
    {
        while (true)
        {
            var folder = Path.Combine(tempRoot, Prefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            if (Directory.Exists(folder))
            {
                continue;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.WriteAllText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return folder;
        }
    }

    /// <summary>Notes that the server of <paramref name="folder"/> keeps its data elsewhere, for the sweep.</summary>
    public static Task RecordDataDirectoryAsync(string folder, string dataDirectory, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, DataPathFileName), dataDirectory, cancellationToken);

    /// <summary>Hands a kept folder over to the user: the sweep leaves folders without an owner alone.</summary>
    public static void Disown(string folder)
    {
        try
        {
            File.Delete(Path.Combine(folder, OwnerFileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: at worst a later sweep deletes a folder that was meant to be kept.
        }
    }

    public static void Delete(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A process that just died may still be releasing files, or another sweep is deleting the same folder.
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>
    /// Stops and deletes the servers of earlier processes that died without cleaning up (a test host killed before its
    /// watchdog could act, for example): folders whose owner process is gone.
    /// </summary>
    public static async Task StopOrphansAsync(string tempRoot, PostgresTools tools, Action<string> log)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(tempRoot, Prefix + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            try
            {
                var ownerFile = Path.Combine(folder, OwnerFileName);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(await File.ReadAllTextAsync(ownerFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner))
                {
                    continue;
                }

                using (var ownerProcess = ProcessRunner.TryGetProcess(owner))
                {
                    if (ownerProcess is not null && ProcessRunner.IsAlive(ownerProcess))
                    {
                        continue;
                    }
                }

                var dataPathFile = Path.Combine(folder, DataPathFileName);
                var dataDirectory = File.Exists(dataPathFile) ? (await File.ReadAllTextAsync(dataPathFile)).Trim() : Path.Combine(folder, "data");
                if (await tools.StopPostmasterAsync(dataDirectory, folder, TimeSpan.FromSeconds(5)) is { } failure)
                {
                    log($"Could not stop the orphaned PostgreSQL in {dataDirectory}: {failure}");
                    continue;
                }

                Delete(folder);
                log($"Stopped and deleted the orphaned PostgreSQL folder {folder} (its process {owner} is gone)");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another user's folder, or another process cleaning the same orphan: not ours to settle.
            }
        }
    }
}
