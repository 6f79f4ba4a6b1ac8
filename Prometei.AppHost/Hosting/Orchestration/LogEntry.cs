namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>
/// One console line of a resource. A JSON line (the services log JSON through ServiceDefaults) is shown by its level, time,
/// category and message; any other line as it is (<see cref="Level"/> null).
/// </summary>
/// <param name="Sequence">Increases by one per line of the resource, across restarts.</param>
/// <param name="Received">When the AppHost read it.</param>
/// <param name="Stream"><c>stdout</c>, <c>stderr</c> or <c>apphost</c> (what the AppHost notes about the resource).</param>
/// <param name="Level">The log level of a JSON line.</param>
/// <param name="Timestamp">The time a JSON line carries.</param>
/// <param name="Category">The logger category of a JSON line.</param>
/// <param name="Message">The message, or the whole line.</param>
/// <param name="Exception">The exception of a JSON line.</param>
public sealed record LogEntry(
    long Sequence,
    DateTimeOffset Received,
    string Stream,
    string? Level,
    string? Timestamp,
    string? Category,
    string Message,
    string? Exception);
