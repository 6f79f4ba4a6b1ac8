namespace Prometei.Api.Ledger;

public sealed record AlertEntry(string Condition, string? Message, DateTime? RaisedAt, DateTime? LastSentAt, int Suppressed);
