using System.Runtime.InteropServices;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>The two libc calls .NET lacks: sending any signal (Process.Kill only sends SIGKILL), and the effective user id.</summary>
internal static class NativeMethods
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern uint GetEffectiveUserId();
}
