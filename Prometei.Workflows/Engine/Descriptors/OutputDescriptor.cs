using System.Reflection;

namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>An activity output.</summary>
public sealed record OutputDescriptor(
    string Name,
    string TypeName,
    string DisplayName,
    string Description,
    bool IsBrowsable,
    Type ValueType,
    PropertyInfo Property)
{
    public string JsonName => JsonNames.Camelize(Name);
}
