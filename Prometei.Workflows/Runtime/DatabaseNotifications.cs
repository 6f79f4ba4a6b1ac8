using System.Collections.Concurrent;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// One connection that LISTENs on the server's channels and hands notifications to subscribers. When the connection
/// drops (the database restarted, failed over, or is down for a while) it reconnects, every second until it can, and tells
/// every subscriber (with an empty payload) so they re-read what they may have missed. A connection that stays silent for
/// <see cref="s_probeAfter"/> is probed with a round trip, so a server that vanished without closing the socket is noticed
/// too. Failures never end the loop; an outage is logged once (<see cref="DatabaseOutage"/>).
/// </summary>
public sealed partial class DatabaseNotifications(NpgsqlDataSource dataSource, DatabaseOutage outage, ILogger<DatabaseNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan s_probeAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromSeconds(1);

    private static readonly string[] s_channels = [InstanceStore.WorkChannel, InstanceStore.HttpResponseChannel, DefinitionStore.TriggersChannel];
    private readonly ConcurrentDictionary<string, List<Action<string>>> _handlers = new(StringComparer.Ordinal);

    public void Subscribe(string channel, Action<string> handler)
    {
        var list = _handlers.GetOrAdd(channel, _ => []);
        lock (list)
        {
            list.Add(handler);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                foreach (var channel in s_channels)
                {
                    await using var cmd = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                }

                if (failed)
                {
                    LogListening(logger);
                    failed = false;
                }

                outage.Answered();
                foreach (var channel in s_channels)
                {
                    Dispatch(channel, ""); // catch up on whatever happened while not listening
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(s_probeAfter, stoppingToken))
                    {
                        // LISTEN again on a channel already listened to: a no-op round trip, and the connection still
                        // shows as the listener (its last statement) to whoever looks at pg_stat_activity.
                        await using var probe = new NpgsqlCommand($"LISTEN {s_channels[0]}", connection);
                        await probe.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever it was, the loop goes on: a listener that died would leave this node to the fallback poll for good.
                failed = true;
                if (DatabaseOutage.IsUnavailable(ex))
                {
                    outage.Failed("the notification listener", ex);
                }
                else
                {
                    LogListenFailed(logger, ex.GetType().Name, ex.Message);
                }

                await Task.Delay(s_reconnectDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        if (!_handlers.TryGetValue(channel, out var list))
        {
            return;
        }

        Action<string>[] handlers;
        lock (list)
        {
            handlers = [.. list];
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(payload);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(logger, channel, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for database notifications failed ({ErrorType}: {ErrorMessage}); reconnecting")]
    private static partial void LogListenFailed(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for database notifications again")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of channel {Channel} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string channel, Exception exception);
}
