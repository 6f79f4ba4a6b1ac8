namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>An embedded port: a property holding a child activity (a loop's body), drawn by Studio as a slot.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PortAttribute : Attribute
{
    public string? DisplayName { get; set; }
}
