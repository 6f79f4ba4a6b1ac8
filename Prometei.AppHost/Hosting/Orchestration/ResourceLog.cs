using System.Globalization;

namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>
/// The console output of a resource: the last <see cref="Capacity"/> lines in memory for the dashboard, and every line in
/// <c>{data}/logs/{name}.log</c> (started afresh by each AppHost run).
/// </summary>
internal sealed class ResourceLog : IDisposable
{
    public const int Capacity = 10_000;

    private readonly object _lock = new();
    private readonly LinkedList<LogEntry> _entries = new();
    private readonly StreamWriter? _file;
    private long _sequence;

    public ResourceLog(string? filePath)
    {
        if (filePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            _file = new StreamWriter(new FileStream(filePath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        }
    }

    /// <summary>Adds a line the resource wrote.</summary>
    public LogEntry Add(string stream, string line)
    {
        lock (_lock)
        {
            var entry = LogLineParser.Parse(++_sequence, DateTimeOffset.UtcNow, stream, line);
            _entries.AddLast(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }

            _file?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Received:HH:mm:ss.fff} {stream} {line}"));
            return entry;
        }
    }

    /// <summary>Lines after <paramref name="after"/>, at most <paramref name="limit"/>, oldest first.</summary>
    public IReadOnlyList<LogEntry> Read(long after, int limit)
    {
        lock (_lock)
        {
            return [.. _entries.Where(e => e.Sequence > after).Take(limit)];
        }
    }

    /// <summary>The last <paramref name="count"/> lines.</summary>
    public IReadOnlyList<LogEntry> Tail(int count)
    {
        lock (_lock)
        {
            return [.. _entries.Skip(Math.Max(0, _entries.Count - count))];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
        }
    }
}
