namespace Prometei.Api.Ledger;

public sealed record OrderClaim(string Code, OrderClaimKind Kind, long? LeadId, long? ContactId);
