namespace Prometei.Api.Hosting;

/// <summary>The last read of amoCRM's webhook list: our hooks (destinations without their query) and whether each is off; or why the read failed.</summary>
public sealed record WebhookCheck(IReadOnlyList<WebhookCheckItem> Hooks, string? Error);
