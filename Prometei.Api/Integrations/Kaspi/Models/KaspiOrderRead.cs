namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>
/// The orders of a window read as far as Kaspi answered: <see cref="Unread"/> counts the (window, state) reads that failed
/// after the retries (their later pages unread), so an order in them may be missing and a watermark must not pass them.
/// </summary>
public sealed record KaspiOrderRead(IReadOnlyList<KaspiOrder> Orders, int Unread)
{
    public bool Complete => Unread == 0;
}
