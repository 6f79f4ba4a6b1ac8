namespace Prometei.Api.Ledger;

public sealed record Watermark(long Value, DateTime UpdatedAt);
