using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Engine.Model;

/// <summary>One activity of a built workflow: its place in the tree, its JSON and its configured activity object.</summary>
public sealed class ActivityNode
{
    public required string Id { get; init; }

    /// <summary>The path from the root: ancestors' ids and this id joined with ':' (Elsa's scheme).</summary>
    public required string NodeId { get; init; }

    public required string Type { get; init; }

    public int Version { get; init; } = 1;

    public string? Name { get; init; }

    public required JsonObject Json { get; init; }

    public required ActivityDescriptor Descriptor { get; init; }

    public required Activity Activity { get; init; }

    public ActivityNode? Parent { get; internal set; }

    public List<ActivityNode> Children { get; } = [];

    /// <summary>The retry policy from <c>customProperties.retryPolicy</c>, or null for the engine's default.</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>Whether this trigger starts the workflow (<c>customProperties.canStartWorkflow</c>).</summary>
    public bool CanStartWorkflow { get; init; }

    /// <summary>The name a person reads in messages: the activity's name, else its id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    public override string ToString() => $"{DisplayName} ({Type})";
}
