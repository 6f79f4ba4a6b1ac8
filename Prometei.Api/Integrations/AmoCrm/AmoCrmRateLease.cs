namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>A slot of the shared amoCRM limiter, held while a request is out; disposing frees it a second (and a guard) after now.</summary>
public sealed class AmoCrmRateLease(AmoCrmRateLimiter limiter, int slot) : IAsyncDisposable
{
    private int _released;

    public int Slot { get; } = slot;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await limiter.ReleaseAsync(Slot);
        }
    }
}
