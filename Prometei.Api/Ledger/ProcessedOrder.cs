namespace Prometei.Api.Ledger;

/// <summary>
/// An order's ledger row; <see cref="Held"/>: reserved by a sync whose lease has not run out (maybe a dead process's) and whose
/// write to amoCRM went out. A reservation whose write never went out is not held: a sync takes it over under the sync lock
/// (a sync stopped by a database outage or a kill before it wrote leaves such reservations; they must not wait out the lease).
/// </summary>
public sealed record ProcessedOrder(
    string KaspiCode, string State, long? LeadId, long? ContactId, string? KaspiStatus, string? ReflectedStatus, bool NoteAdded, DateTime? SyncedAt, bool Held = false);
