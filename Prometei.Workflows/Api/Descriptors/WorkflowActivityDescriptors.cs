using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>
/// The descriptor of a definition usable as an activity, as Elsa's <c>WorkflowDefinitionActivityDescriptorFactory</c> makes
/// it: type name the definition's name Pascal-cased, version the definition's version, category <c>options.activityCategory</c>
/// or <c>Workflows</c>, kind Action, browsable (in the toolbox) only when that version is published, the definition's
/// declared inputs (wrapped, synthetic) and outputs, a hidden <c>Root</c> port and a flow port per declared outcome, and the
/// construction properties the Studio copies onto a dropped activity (<c>workflowDefinitionId</c>,
/// <c>workflowDefinitionVersionId</c>, <c>version</c>).
/// </summary>
internal static partial class WorkflowActivityDescriptors
{
    public static IEnumerable<ActivityDescriptorModel> ToModels(IReadOnlyList<StoredDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            if (string.IsNullOrWhiteSpace(definition.Name))
            {
                continue; // Elsa's type name is the definition's name
            }

            var latestPublished = definitions.Where(d => d.DefinitionId == definition.DefinitionId && d.IsPublished).MaxBy(d => d.Version);
            yield return ToModel(definition, latestPublished);
        }
    }

    /// <summary>Humanizer's <c>Pascalize</c>: <c>child with input</c> → <c>ChildWithInput</c>.</summary>
    public static string TypeName(string definitionName) =>
        WordStart().Replace(definitionName, m => m.Groups[1].Value.ToUpperInvariant());

    [GeneratedRegex("(?:[ _-]+|^)([a-zA-Z])")]
    private static partial Regex WordStart();

    private static ActivityDescriptorModel ToModel(StoredDefinition definition, StoredDefinition? latestPublished)
    {
        var data = definition.Data;
        var typeName = TypeName(definition.Name!);
        var outcomes = data["outcomes"] is JsonArray array ? array.Select(Text).OfType<string>().ToList() : [];
        var ports = new List<PortModel> { new("Root", "Root", PortType.Embedded, IsBrowsable: false) };
        ports.AddRange(outcomes.Select(o => new PortModel(o, o, PortType.Flow, IsBrowsable: true)));
        var inputs = Declarations(data["inputs"]).Select((i, index) => new InputModel(
            i.Name,
            Text(i.Json["type"]) ?? "Object",
            Text(i.Json["displayName"]) ?? i.Name,
            Text(i.Json["description"]) ?? "",
            index,
            Text(i.Json["category"]),
            IsBrowsable: true,
            IsSynthetic: true,
            IsWrapped: true,
            Text(i.Json["uiHint"]) ?? InputUIHints.SingleLine,
            DefaultValue: null,
            DefaultSyntax: "Literal",
            IsReadOnly: false,
            IsSensitive: false,
            Text(i.Json["storageDriverType"]),
            UiSpecifications: null)).ToList();
        var outputs = Declarations(data["outputs"]).Select((o, index) => new OutputModel(
            o.Name, Text(o.Json["type"]) ?? "Object", Text(o.Json["displayName"]) ?? o.Name, Text(o.Json["description"]) ?? "", index,
            IsBrowsable: true, IsSynthetic: true)).ToList();
        return new ActivityDescriptorModel(
            typeName,
            "",
            typeName,
            definition.Version,
            Text((data["options"] as JsonObject)?["activityCategory"]) is { Length: > 0 } category ? category : "Workflows",
            definition.Name!,
            definition.Description ?? "",
            ActivityKind.Action,
            IsContainer: false,
            IsBrowsable: definition.IsPublished,
            IsStart: false,
            IsTerminal: false,
            new JsonObject
            {
                ["RootType"] = "WorkflowDefinitionActivity",
                ["WorkflowDefinitionId"] = definition.DefinitionId,
                ["WorkflowDefinitionVersionId"] = definition.Id,
                ["LatestAvailablePublishedVersion"] = (latestPublished ?? definition).Version.ToString(CultureInfo.InvariantCulture),
                ["LatestAvailablePublishedVersionId"] = (latestPublished ?? definition).Id,
            },
            new JsonObject
            {
                ["WorkflowDefinitionId"] = definition.DefinitionId,
                ["WorkflowDefinitionVersionId"] = definition.Id,
                ["Version"] = definition.Version,
            },
            ports,
            inputs,
            outputs);
    }

    private static IEnumerable<(string Name, JsonObject Json)> Declarations(JsonNode? declarations) =>
        declarations is JsonArray array
            ? array.OfType<JsonObject>().Select(d => (Name: Text(d["name"]), Json: d)).Where(d => !string.IsNullOrWhiteSpace(d.Name)).Select(d => (d.Name!, d.Json))
            : [];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
