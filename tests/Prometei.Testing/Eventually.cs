namespace Prometei.Testing;

/// <summary>Waiting for what a server process does in its own time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
