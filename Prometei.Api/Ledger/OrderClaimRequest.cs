namespace Prometei.Api.Ledger;

public sealed record OrderClaimRequest(string Code, string? OrderId, string? State, string? Status, decimal? TotalPrice, DateTimeOffset? CreationDate);
