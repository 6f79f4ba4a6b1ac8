namespace Prometei.Fakes.Control;

/// <summary>
/// How the fake Kaspi behaves where shared/contracts/kaspi-api.md leaves the answer open, plus its limits. The defaults
/// are the strict reading of the guide; switch them with <c>PUT /_control/kaspi/behavior</c>.
/// </summary>
public sealed record KaspiBehavior
{
    /// <summary>Largest <c>page[size]</c> (contract: 100); larger → 400.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Longest search period (contract: 14 days); longer → 400.</summary>
    public TimeSpan MaxSearchPeriod { get; init; } = TimeSpan.FromDays(14);

    /// <summary>What the 14-day rule limits: the window's width (default) or how far back <c>$ge</c> may go (unconfirmed which).</summary>
    public KaspiSearchPeriodRule SearchPeriodRule { get; init; } = KaspiSearchPeriodRule.Width;

    /// <summary>Whether <c>filter[orders][state]</c> is required (the guide says so; whether absence is rejected is unconfirmed).</summary>
    public bool RequireStateFilter { get; init; } = true;

    /// <summary>Whether <c>filter[orders][state]=NEW,PICKUP</c> is accepted (unconfirmed); when false it is a 400.</summary>
    public bool AllowSeveralStates { get; init; }

    /// <summary>Whether a request without <c>Content-Type: application/vnd.api+json</c> is rejected with 400 (the guide lists it as required, GET included).</summary>
    public bool RequireContentType { get; init; } = true;

    /// <summary>Whether a request without <c>Accept: application/vnd.api+json</c> gets 404 with an HTML body (observed).</summary>
    public bool RequireAccept { get; init; } = true;

    /// <summary>Whether <c>attributes.customer</c> is present without <c>include[orders]=user</c> (the guide's example has it; unconfirmed).</summary>
    public bool CustomerWithoutInclude { get; init; } = true;

    /// <summary>
    /// Serves an order's <c>/entries</c> in pages of this many lines even when asked without paging (whether Kaspi pages them
    /// is unconfirmed): the page, <c>meta.pageCount</c>/<c>totalCount</c>, and <c>links.next</c> while lines follow. Null (default): all lines.
    /// </summary>
    public int? EntriesPageSize { get; init; }

    /// <summary>
    /// Lists answer without <c>meta</c> (the guide's examples have it; it is not promised): a <c>links.next</c> while a page follows
    /// instead. Default false.
    /// </summary>
    public bool OrdersWithoutMeta { get; init; }
}
