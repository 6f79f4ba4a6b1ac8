using Prometei.Api.Hosting;

namespace Prometei.Api.Operations;

/// <summary>The last read of amoCRM's webhook list: when, our hooks with their <c>disabled</c> flag, or why it failed.</summary>
public sealed record WebhooksHealth(DateTimeOffset CheckedAt, IReadOnlyList<WebhookCheckItem> Hooks, string? Error);
