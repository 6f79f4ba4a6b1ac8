using System.Reflection;

namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>An activity input as Studio edits it. <see cref="Name"/> is PascalCase; it is stored camel-cased.</summary>
public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string DisplayName,
    string Description,
    int Order,
    string? Category,
    string UIHint,
    object? DefaultValue,
    string DefaultSyntax,
    bool IsWrapped,
    bool IsSensitive,
    bool IsBrowsable,
    IReadOnlyList<string>? Options,
    Type ValueType,
    PropertyInfo Property)
{
    /// <summary>The key the value is stored under in the activity's JSON.</summary>
    public string JsonName => JsonNames.Camelize(Name);
}
