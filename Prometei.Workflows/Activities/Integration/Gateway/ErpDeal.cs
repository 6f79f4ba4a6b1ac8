namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>A <c>crm/create-deal</c> event as the gateway's deal template reads it.</summary>
public sealed record ErpDeal(string DealName, decimal Amount, string? EventId);
