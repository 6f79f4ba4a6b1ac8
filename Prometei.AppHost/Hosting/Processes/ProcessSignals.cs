using System.Globalization;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>
/// Signals for child processes. Each child runs in a session of its own (<c>setsid</c>), so its process group id is its pid
/// and a signal to the group reaches whatever it started too; the terminal's Ctrl+C reaches only the AppHost, which then
/// stops the children in order.
/// </summary>
internal static class ProcessSignals
{
    private static readonly string? s_setsid = FindSetsid();

    /// <summary>The <c>setsid</c> program, or null (Windows, or util-linux missing): children then share the AppHost's group.</summary>
    public static string? Setsid => s_setsid;

    /// <summary>Sends <paramref name="signal"/> to the process and, when <paramref name="ownGroup"/>, to its process group.</summary>
    public static void Send(int processId, bool ownGroup, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (ownGroup)
        {
            _ = NativeMethods.Kill(-processId, signal);
        }

        _ = NativeMethods.Kill(processId, signal);
    }

    /// <summary>Sends <paramref name="signal"/> to every process of the group <paramref name="groupId"/>.</summary>
    public static void SendToGroup(int groupId, int signal)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeMethods.Kill(-groupId, signal);
        }
    }

    /// <summary>Whether <paramref name="processId"/> runs (a zombie counts as gone).</summary>
    public static bool IsAlive(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(processId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end < 0 || end + 2 >= stat.Length || stat[end + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The command line of <paramref name="processId"/> (arguments joined by spaces), or null.</summary>
    public static string? CommandLineOf(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindSetsid()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(folder => Path.Combine(folder, "setsid"))
            .FirstOrDefault(File.Exists);
    }
}
