namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A webhook subscription of the account and whether amoCRM switched it off.</summary>
public sealed record AmoWebhookState(string Destination, bool Disabled);
