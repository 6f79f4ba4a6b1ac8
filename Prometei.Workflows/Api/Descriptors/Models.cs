using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>Elsa's <c>ActivityDescriptor</c>, generated from an activity class's attributes.</summary>
internal sealed record ActivityDescriptorModel(
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
    JsonObject CustomProperties,
    JsonObject ConstructionProperties,
    IReadOnlyList<PortModel> Ports,
    IReadOnlyList<InputModel> Inputs,
    IReadOnlyList<OutputModel> Outputs);

internal sealed record PortModel(string Name, string DisplayName, PortType Type, bool IsBrowsable);

/// <summary>
/// An input. <c>uiSpecifications</c> is raw JSON with numbers where Studio expects enums (a string <c>editorHeight</c> kills
/// the editor), so it is never built from typed options objects.
/// </summary>
internal sealed record InputModel(
    string Name,
    string TypeName,
    string DisplayName,
    string Description,
    int Order,
    string? Category,
    bool IsBrowsable,
    bool IsSynthetic,
    bool IsWrapped,
    string UiHint,
    JsonNode? DefaultValue,
    string DefaultSyntax,
    bool IsReadOnly,
    bool IsSensitive,
    string? StorageDriverType,
    JsonObject? UiSpecifications);

internal sealed record OutputModel(string Name, string TypeName, string DisplayName, string Description, int Order, bool IsBrowsable, bool IsSynthetic);

/// <summary>An expression syntax. <c>properties</c> must map strings to strings.</summary>
internal sealed record ExpressionDescriptorModel(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, string> Properties);

/// <summary>An activation, incident or log persistence strategy.</summary>
internal sealed record StrategyModel(string TypeName, string DisplayName, string Description);

internal sealed record CommitStrategyModel(string Name, string DisplayName, string Description);

internal sealed record StorageDriverModel(string TypeName, string DisplayName, int Priority, bool Deprecated);

internal sealed record VariableTypeModel(string TypeName, string DisplayName, string Category, string? Description);

internal sealed record OutputConverterModel(string Id, string SourceTypeName, string ResultTypeName, string DisplayName, string? Description, JsonObject? SettingsSchema);

/// <summary>The answer of the options endpoint: a new <c>uiSpecifications</c> dictionary for one input.</summary>
internal sealed record ActivityOptionsResponse(JsonObject Items);
