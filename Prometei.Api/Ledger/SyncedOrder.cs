namespace Prometei.Api.Ledger;

public sealed record SyncedOrder(string Code, long LeadId, long? ContactId, bool ContactCreated);
