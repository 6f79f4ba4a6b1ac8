namespace Prometei.Workflows.Runtime;

/// <summary>
/// A shared secret that lets a caller without an API key send one event (<c>Workflows:EventSecrets:n:Event</c> and
/// <c>…:Secret</c>), for senders that can set only a header or a URL. Sent as <c>X-Event-Secret</c> or <c>?secret=</c>.
/// </summary>
public sealed class EventSecret
{
    /// <summary>The event name, e.g. <c>crm/create-deal</c>.</summary>
    public string Event { get; set; } = "";

    /// <summary>The secret, 16 characters or more, from a secret store or the environment.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumLength = 16;
}
