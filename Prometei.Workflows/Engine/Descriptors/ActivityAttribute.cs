namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>
/// Marks a class as an activity and describes it for Elsa Studio's toolbox. The type name is
/// <c>{Namespace}.{ClassName}</c> unless <see cref="TypeName"/> is given.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string category, string description) : Attribute
{
    public string Namespace { get; } = @namespace;

    public string Category { get; } = category;

    public string Description { get; } = description;

    /// <summary>Overrides the type name (<c>Elsa.HttpEndpoint</c>).</summary>
    public string? TypeName { get; set; }

    public string? DisplayName { get; set; }

    public ActivityKind Kind { get; set; } = ActivityKind.Action;

    /// <summary>The flow outcomes (output ports). Default: one port, <c>Done</c>.</summary>
    public string[] Outcomes { get; set; } = ["Done"];

    /// <summary>An end node: no output port at all.</summary>
    public bool IsTerminal { get; set; }

    /// <summary>
    /// The activity causes an effect outside the workflow database (an HTTP call, a message). It gets an idempotency key,
    /// it is a commit boundary, and several ready ones may run concurrently.
    /// </summary>
    public bool HasOutsideEffect { get; set; }

    public bool IsBrowsable { get; set; } = true;
}
