namespace Prometei.Api.Ledger;

public sealed record LockEntry(string Name, string Owner, DateTime AcquiredAt, DateTime ExpiresAt);
