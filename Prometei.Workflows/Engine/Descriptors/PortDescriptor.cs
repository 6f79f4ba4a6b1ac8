namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>An output port (flow) or an embedded slot for a child activity.</summary>
public sealed record PortDescriptor(string Name, string DisplayName, PortType Type, System.Reflection.PropertyInfo? Property = null);
