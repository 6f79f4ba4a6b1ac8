namespace Prometei.Workflows.Engine.Execution;

/// <summary>An activity failure that says itself whether another attempt may succeed.</summary>
public sealed class ActivityException : Exception
{
    public ActivityException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        RetryAfter = retryAfter;
    }

    public bool IsTransient { get; }

    /// <summary>The earliest time for the next attempt the other side asked for (Retry-After).</summary>
    public TimeSpan? RetryAfter { get; }
}
