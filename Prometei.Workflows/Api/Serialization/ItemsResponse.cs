namespace Prometei.Workflows.Api.Serialization;

/// <summary>A bare <c>{"items":[…]}</c>, as storage drivers, variable types and output converters answer.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
