namespace Prometei.Api.Integrations.Kaspi.Models;

public sealed record KaspiOrderPage(IReadOnlyList<KaspiOrder> Orders, int PageCount, int TotalCount);
