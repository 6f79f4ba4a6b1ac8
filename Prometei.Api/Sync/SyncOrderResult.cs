namespace Prometei.Api.Sync;

/// <summary>
/// What happened to one order: <c>created</c>, <c>already_processed</c> (synced before; ids from the ledger),
/// <c>in_progress</c> (another call holds it), <c>failed</c> (see <see cref="Error"/>), <c>dry_run</c>.
/// </summary>
public sealed record SyncOrderResult(string Code, string Outcome, long? LeadId, long? ContactId, bool ContactCreated, string? Error = null)
{
    public const string Created = "created";
    public const string AlreadyProcessed = "already_processed";
    public const string InProgress = "in_progress";
    public const string Failed = "failed";
    public const string DryRun = "dry_run";
}
