namespace Prometei.Api.Ledger;

public sealed record ErrorPage(int Page, int PageSize, long Total, IReadOnlyList<ErrorEntry> Items);
