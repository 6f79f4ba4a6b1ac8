using Prometei.AppHost.Hosting.Orchestration;

namespace Prometei.AppHost.Hosting.Dashboard;

/// <summary>Log lines after a sequence number, and the number to ask after next time.</summary>
internal sealed record LogPage(IReadOnlyList<LogEntry> Entries, long Last)
{
    public static LogPage From(IReadOnlyList<LogEntry> entries, long after) => new(entries, entries.Count > 0 ? entries[^1].Sequence : after);
}
