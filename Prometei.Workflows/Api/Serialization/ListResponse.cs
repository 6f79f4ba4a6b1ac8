namespace Prometei.Workflows.Api.Serialization;

/// <summary>Elsa's <c>ListResponse&lt;T&gt;</c>: <c>{"items":[…],"count":N}</c>.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, long Count)
{
    public ListResponse(IReadOnlyList<T> items)
        : this(items, items.Count)
    {
    }
}
