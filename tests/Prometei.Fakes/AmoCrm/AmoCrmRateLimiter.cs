namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// amoCRM's requests-per-second limit as a sliding 1-second window over the accepted <c>/api/v4</c> calls (refused
/// calls do not use up the budget), and the 429 count that escalates to an account block. Thread-safe.
/// </summary>
internal sealed class AmoCrmRateLimiter(FakeVendorsOptions options)
{
    private readonly Lock _lock = new();
    private readonly Queue<long> _accepted = new();
    private int _tooManyCount;
    private bool _escalatedBlock;

    public bool Blocked
    {
        get
        {
            lock (_lock)
            {
                return _escalatedBlock;
            }
        }
    }

    public bool TryAcquire(int perSecond)
    {
        var time = options.TimeProvider;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            while (_accepted.Count > 0 && time.GetElapsedTime(_accepted.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count >= perSecond)
            {
                return false;
            }

            _accepted.Enqueue(now);
            return true;
        }
    }

    /// <summary>Counts a 429 sent; blocks the account when the count reaches the threshold.</summary>
    public void CountTooMany(int? blockAfter)
    {
        lock (_lock)
        {
            _tooManyCount++;
            if (blockAfter is int threshold && _tooManyCount >= threshold)
            {
                _escalatedBlock = true;
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _accepted.Clear();
            _tooManyCount = 0;
            _escalatedBlock = false;
        }
    }
}
