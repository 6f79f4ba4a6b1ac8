namespace Prometei.Api.Ledger;

public sealed record ErrorEntry(long Id, DateTime OccurredAt, string Source, string Operation, string Message, string? Reference);
