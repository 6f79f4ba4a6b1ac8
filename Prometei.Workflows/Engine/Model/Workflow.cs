using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Engine.Model;

/// <summary>A workflow version built from its definition, ready to run. Immutable and shared by all its instances.</summary>
public sealed class Workflow
{
    public required string DefinitionId { get; init; }

    public required string DefinitionVersionId { get; init; }

    public required int Version { get; init; }

    public string? Name { get; init; }

    public required ActivityNode Root { get; init; }

    public required IReadOnlyDictionary<string, ActivityNode> Nodes { get; init; }

    public required IReadOnlyList<VariableDefinition> Variables { get; init; }

    public WorkflowOptions Options { get; init; } = WorkflowOptions.Default;

    /// <summary>The names of the workflow's declared inputs (the definition's <c>inputs</c>).</summary>
    public IReadOnlyList<string> InputNames { get; init; } = [];

    /// <summary>Every named activity's output names: what Elsa's JavaScript <c>get{Output}From{ActivityName}()</c> accessors read.</summary>
    public IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputNames =>
        _activityOutputNames ??= [.. Nodes.Values
            .Where(n => !string.IsNullOrWhiteSpace(n.Name))
            .SelectMany(n => n.Descriptor.Outputs.Select(o => (n.Name!, o.Name)))];

    private IReadOnlyList<(string ActivityName, string OutputName)>? _activityOutputNames;

    /// <summary>
    /// Named activities whose outputs are known only once they ran (workflows used as activities: their child's outputs),
    /// read from the instance's recorded outputs for the <c>get{Output}From{ActivityName}()</c> accessors.
    /// </summary>
    public IReadOnlyList<ActivityNode> RunTimeOutputNodes =>
        _runTimeOutputNodes ??= [.. Nodes.Values.Where(n => !string.IsNullOrWhiteSpace(n.Name) && n.Descriptor.TypeName == ActivityRegistry.WorkflowDefinitionActivityTypeName)];

    private IReadOnlyList<ActivityNode>? _runTimeOutputNodes;

    /// <summary>The trigger activities that start this workflow.</summary>
    public IEnumerable<ActivityNode> Triggers => Nodes.Values.Where(n => n.Descriptor.Kind == ActivityKind.Trigger && n.CanStartWorkflow);

    /// <summary>Whether any activity writes the HTTP response, so an HTTP trigger must wait for it.</summary>
    public bool WritesHttpResponse => Nodes.Values.Any(n => n.Type == "Elsa.WriteHttpResponse");

    public ActivityNode GetNode(string nodeId) =>
        Nodes.TryGetValue(nodeId, out var node) ? node : throw new KeyNotFoundException($"Workflow {DefinitionVersionId} has no activity node '{nodeId}'.");

    /// <summary>Finds an activity by id or name (ids first).</summary>
    public ActivityNode? FindByIdOrName(string idOrName) =>
        Nodes.Values.FirstOrDefault(n => n.Id == idOrName) ?? Nodes.Values.FirstOrDefault(n => n.Name == idOrName);
}
