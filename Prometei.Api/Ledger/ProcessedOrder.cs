namespace Prometei.Api.Ledger;

public sealed record ProcessedOrder(
    string KaspiCode, string State, long? LeadId, long? ContactId, string? KaspiStatus, string? ReflectedStatus, bool NoteAdded, DateTime? SyncedAt);
