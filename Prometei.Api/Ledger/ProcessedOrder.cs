namespace Prometei.Api.Ledger;

/// <summary>An order's ledger row; <see cref="Held"/>: reserved by a sync whose lease has not run out (maybe a dead process's).</summary>
public sealed record ProcessedOrder(
    string KaspiCode, string State, long? LeadId, long? ContactId, string? KaspiStatus, string? ReflectedStatus, bool NoteAdded, DateTime? SyncedAt, bool Held = false);
