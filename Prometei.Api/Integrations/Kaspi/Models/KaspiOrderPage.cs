namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>
/// One page of orders. <see cref="PageCount"/> is <c>meta.pageCount</c>, null when Kaspi sent no <c>meta</c>; then
/// <see cref="HasNext"/> (a <c>links.next</c>) or a full page tells whether another page follows.
/// </summary>
public sealed record KaspiOrderPage(IReadOnlyList<KaspiOrder> Orders, int? PageCount, int TotalCount, bool HasNext = false);
