namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>A catch-up window's changes, oldest first, and where the watermark moves once all are done (Unix seconds).</summary>
public sealed record AmoCrmStatusChanges(IReadOnlyList<AmoCrmStatusChangeRead> Changes, long Until);
