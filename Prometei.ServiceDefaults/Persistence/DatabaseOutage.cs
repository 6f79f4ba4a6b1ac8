using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Prometei.ServiceDefaults.Persistence;

/// <summary>
/// Whether the service's database answers, as its loops and requests find out, so that an outage is logged once when it
/// starts and once when it ends, not once per poll, per loop and per request: the first failure after a success is a
/// warning naming the error's type and message (Npgsql's messages name the host and port, never the password), later
/// ones are debug lines, and the first success after failures says how long it lasted.
/// </summary>
public sealed partial class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger)
{
    private readonly Lock _lock = new();
    private long? _since;
    private int _failures;

    /// <summary>Whether the last thing that reached for the database failed to.</summary>
    public bool IsDown
    {
        get
        {
            lock (_lock)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> says the database could not be reached or dropped the connection (refused,
    /// reset, shutting down or starting up, a timeout opening a connection), as opposed to an error in a statement.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004" or "53300",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException => true,
        TimeoutException timeout => timeout.InnerException is null || IsUnavailable(timeout.InnerException),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>
    /// Runs <paramref name="write"/>, the record of something that already happened outside the database (a vendor's
    /// answer), again while the database cannot be reached, for up to <paramref name="patience"/>: a database restart under it
    /// must not lose the record and leave the effect to be found out or made again. <paramref name="waiting"/> is called once,
    /// on the first failure. Any other failure, or one after the patience, is thrown.
    /// </summary>
    public static async Task<T> RetryWhileUnavailableAsync<T>(Func<Task<T>> write, TimeProvider time, TimeSpan patience, Action<Exception>? waiting = null)
    {
        var giveUp = time.GetUtcNow() + patience;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception ex) when (IsUnavailable(ex) && time.GetUtcNow() < giveUp)
            {
                if (attempt == 1)
                {
                    waiting?.Invoke(ex);
                }

                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <inheritdoc cref="RetryWhileUnavailableAsync{T}(Func{Task{T}}, TimeProvider, TimeSpan, Action{Exception}?)"/>
    public static Task RetryWhileUnavailableAsync(Func<Task> write, TimeProvider time, TimeSpan patience, Action<Exception>? waiting = null) =>
        RetryWhileUnavailableAsync(async () =>
        {
            await write();
            return true;
        }, time, patience, waiting);

    /// <summary>Records a failure to reach the database by <paramref name="what"/> (a loop or an endpoint).</summary>
    public void Failed(string what, Exception exception)
    {
        bool first;
        lock (_lock)
        {
            first = _since is null;
            _since ??= time.GetTimestamp();
            _failures++;
        }

        var reason = exception.GetType().Name + ": " + exception.Message;
        if (first)
        {
            LogDown(logger, what, reason);
        }
        else
        {
            LogStillDown(logger, what, reason);
        }
    }

    /// <summary>Records that the database answered; logs the end of an outage once.</summary>
    public void Answered()
    {
        if (Volatile.Read(ref _failures) == 0)
        {
            return; // the common case: no lock
        }

        long since;
        int failures;
        lock (_lock)
        {
            if (_since is not { } start)
            {
                return;
            }

            since = start;
            failures = _failures;
            _since = null;
            _failures = 0;
        }

        LogUp(logger, time.GetElapsedTime(since), failures);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable ({Reason}), seen by {What}; work waits for it and resumes on its own")]
    private static partial void LogDown(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The database is still unavailable ({Reason}), seen by {What}")]
    private static partial void LogStillDown(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again after {Duration} ({Failures} failed attempts meanwhile)")]
    private static partial void LogUp(ILogger logger, TimeSpan duration, int failures);
}
