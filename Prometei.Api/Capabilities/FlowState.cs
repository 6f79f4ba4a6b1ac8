namespace Prometei.Api.Capabilities;

/// <summary>A flow, the vendors it needs, whether configuration lets it run and, when not, why (naming the variables to set).</summary>
public sealed record FlowState(string Name, bool On, string? Reason, IReadOnlyList<string> Needs);
