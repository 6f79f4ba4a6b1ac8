using System.Collections.Concurrent;
using Npgsql;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// One connection that LISTENs on the server's channels and hands notifications to subscribers. When the connection
/// drops it reconnects and tells every subscriber (with an empty payload) so they re-read what they may have missed.
/// </summary>
public sealed partial class DatabaseNotifications(NpgsqlDataSource dataSource, ILogger<DatabaseNotifications> logger) : BackgroundService
{
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

                foreach (var channel in s_channels)
                {
                    Dispatch(channel, ""); // catch up on whatever happened while not listening
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                LogListenFailed(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for database notifications failed ({ErrorType}); reconnecting")]
    private static partial void LogListenFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of channel {Channel} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string channel, Exception exception);
}
