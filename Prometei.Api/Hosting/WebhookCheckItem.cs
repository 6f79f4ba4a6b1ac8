namespace Prometei.Api.Hosting;

public sealed record WebhookCheckItem(string Destination, bool Disabled);
