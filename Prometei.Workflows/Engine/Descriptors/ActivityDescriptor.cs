namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>Everything known about an activity type, generated from the attributes on its class.</summary>
public sealed record ActivityDescriptor(
    string TypeName,
    string Namespace,
    string Name,
    int Version,
    string Category,
    string DisplayName,
    string Description,
    ActivityKind Kind,
    bool IsContainer,
    bool IsBrowsable,
    bool IsStart,
    bool IsTerminal,
    bool HasOutsideEffect,
    IReadOnlyList<PortDescriptor> Ports,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutputDescriptor> Outputs,
    Type ClrType)
{
    /// <summary>The names of the flow ports (outcomes).</summary>
    public IEnumerable<string> FlowPorts => Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name);
}
