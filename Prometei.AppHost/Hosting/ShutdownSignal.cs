using System.Runtime.InteropServices;

namespace Prometei.AppHost.Hosting;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM and SIGQUIT ask for a graceful stop: the AppHost stops every resource in order, PostgreSQL last.
/// A second signal while that runs exits at once and leaves the rest to the watchdog.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignal(Action onSecondSignal)
    {
        PosixSignal[] signals = OperatingSystem.IsWindows()
            ? [PosixSignal.SIGINT, PosixSignal.SIGTERM]
            : [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];
        foreach (var signal in signals)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (_requested.IsCancellationRequested)
                {
                    onSecondSignal();
                }
                else
                {
                    _requested.Cancel();
                }
            }));
        }
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }
}
