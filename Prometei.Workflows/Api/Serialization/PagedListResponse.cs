namespace Prometei.Workflows.Api.Serialization;

/// <summary>Elsa's <c>PagedListResponse&lt;T&gt;</c>: <c>{"items":[…],"totalCount":N}</c>.</summary>
public sealed record PagedListResponse<T>(IReadOnlyList<T> Items, long TotalCount);
