using System.Text.Json.Nodes;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Stored definitions as Elsa's <c>WorkflowDefinition</c> and <c>WorkflowDefinitionSummary</c>. The graph is passed through as
/// stored (Studio redraws from what it gets back), with node ids recomputed and every collection present.
/// </summary>
internal static class DefinitionMapper
{
    public const string MaterializerName = "Json";

    /// <summary>The <c>$schema</c> Studio looks for in files it imports.</summary>
    public const string ExportSchema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>Members the server owns: what a client sends for them is ignored.</summary>
    private static readonly string[] s_serverMembers =
        ["links", "$schema", "isLatest", "isPublished", "isReadonly", "isSystem", "materializerName", "providerName", "materializerContext"];

    public static IReadOnlyList<Link> ListLinks { get; } =
        [new Link("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST")];

    /// <summary>The full definition. The latest version of an editable definition carries <c>publish</c>, <c>retract</c> and <c>delete</c> links.</summary>
    public static JsonObject ToModel(StoredDefinition definition, WorkflowBuilder builder)
    {
        var model = ToExport(definition, builder);
        model.Remove("$schema");
        model["links"] = new JsonArray([.. Links(definition.DefinitionId, IsEditable(definition.IsLatest, definition.IsReadonly)).Select(ToJson)]);
        return model;
    }

    /// <summary>The definition as an export file: Elsa's model with <c>$schema</c>, without links.</summary>
    public static JsonObject ToExport(StoredDefinition definition, WorkflowBuilder builder)
    {
        var data = definition.Data;
        var model = new JsonObject
        {
            ["$schema"] = ExportSchema,
            ["id"] = definition.Id,
            ["definitionId"] = definition.DefinitionId,
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["createdAt"] = ElsaJson.FormatDate(definition.CreatedAt),
            ["version"] = definition.Version,
            ["toolVersion"] = data["toolVersion"] is JsonValue v && v.TryGetValue<string>(out var toolVersion) ? toolVersion : null,
            ["isLatest"] = definition.IsLatest,
            ["isPublished"] = definition.IsPublished,
            ["isReadonly"] = definition.IsReadonly,
            ["isSystem"] = false,
            ["materializerName"] = MaterializerName,
            ["providerName"] = null,
            ["materializerContext"] = null,
            ["options"] = Options(data["options"]),
            ["variables"] = ArrayOrEmpty(data["variables"]),
            ["inputs"] = ArrayOrEmpty(data["inputs"]),
            ["outputs"] = ArrayOrEmpty(data["outputs"]),
            ["outcomes"] = ArrayOrEmpty(data["outcomes"]),
            ["customProperties"] = data["customProperties"] is JsonObject custom ? custom.DeepClone() : new JsonObject(),
            ["root"] = data["root"]?.DeepClone(),
        };
        foreach (var (key, value) in data)
        {
            if (!model.ContainsKey(key) && !s_serverMembers.Contains(key))
            {
                model[key] = value?.DeepClone();
            }
        }

        builder.Normalize(model);
        if (model["root"] is JsonObject root)
        {
            CompleteFlowcharts(root);
        }

        return model;
    }

    public static WorkflowDefinitionSummary ToSummary(DefinitionSummary d) => new(
        d.Id, d.DefinitionId, d.Name, d.Description, d.Version, d.ToolVersion, d.IsLatest, d.IsPublished, d.IsReadonly, IsSystem: false,
        d.CreatedAt, MaterializerName, ProviderName: null, IsMaterializerAvailable: true, Links(d.DefinitionId, IsEditable(d.IsLatest, d.IsReadonly)));

    public static WorkflowDefinitionSummary ToSummary(StoredDefinition d) => ToSummary(new DefinitionSummary(
        d.Id, d.DefinitionId, d.Version, d.Name, d.Description, d.IsLatest, d.IsPublished, d.IsReadonly, d.CreatedAt,
        d.Data["toolVersion"] is JsonValue v && v.TryGetValue<string>(out var toolVersion) ? toolVersion : null));

    /// <summary>
    /// A client's model made ready to store under <paramref name="definitionId"/>: server-owned members dropped, names trimmed,
    /// missing collections and options filled in. The graph is kept as sent.
    /// </summary>
    public static JsonObject PrepareForSave(JsonObject model, string definitionId)
    {
        var data = (JsonObject)model.DeepClone();
        foreach (var member in s_serverMembers)
        {
            data.Remove(member);
        }

        data["definitionId"] = definitionId;
        data["name"] = Trimmed(data["name"]);
        data["description"] = Trimmed(data["description"]);
        // A member of another kind is kept as sent, so that validation refuses it by name instead of it being dropped.
        if (data["options"] is null or JsonObject)
        {
            data["options"] = Options(data["options"]);
        }

        foreach (var member in (string[])["variables", "inputs", "outputs", "outcomes"])
        {
            if (data[member] is null or JsonArray)
            {
                data[member] = ArrayOrEmpty(data[member]);
            }
        }

        if (data["customProperties"] is null)
        {
            data["customProperties"] = new JsonObject();
        }

        return data;
    }

    /// <summary>Only the latest version of a definition that is not read-only can be changed.</summary>
    private static bool IsEditable(bool isLatest, bool isReadonly) => isLatest && !isReadonly;

    private static IReadOnlyList<Link> Links(string definitionId, bool editable)
    {
        if (!editable)
        {
            return [];
        }

        var escaped = Uri.EscapeDataString(definitionId);
        return
        [
            new Link($"/workflow-definitions/{escaped}/publish", "publish", "POST"),
            new Link($"/workflow-definitions/{escaped}/retract", "retract", "POST"),
            new Link($"/workflow-definitions/{escaped}", "delete", "DELETE"),
        ];
    }

    /// <summary>
    /// Gives every flowchart its <c>activities</c> and <c>connections</c> arrays, as Elsa's server writes a flowchart even when the
    /// New workflow dialog sent a bare root.
    /// </summary>
    private static void CompleteFlowcharts(JsonObject activity)
    {
        if (activity["type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && typeName == "Elsa.Flowchart")
        {
            foreach (var member in (string[])["activities", "connections"])
            {
                if (activity[member] is not JsonArray)
                {
                    activity[member] = new JsonArray();
                }
            }
        }

        foreach (var child in WorkflowBuilder.ChildActivities(activity).ToList())
        {
            CompleteFlowcharts(child);
        }
    }

    private static JsonObject ToJson(Link link) => new() { ["href"] = link.Href, ["rel"] = link.Rel, ["method"] = link.Method };

    private static JsonObject Options(JsonNode? stored)
    {
        var options = new JsonObject
        {
            ["activationStrategyType"] = null,
            ["usableAsActivity"] = false,
            ["autoUpdateConsumingWorkflows"] = false,
            ["activityCategory"] = null,
            ["incidentStrategyType"] = null,
            ["commitStrategyName"] = null,
        };
        if (stored is JsonObject given)
        {
            foreach (var (key, value) in given)
            {
                if (value is not null || !options.ContainsKey(key) || options[key] is null)
                {
                    options[key] = value?.DeepClone();
                }
            }
        }

        return options;
    }

    private static JsonArray ArrayOrEmpty(JsonNode? node) => node is JsonArray array ? (JsonArray)array.DeepClone() : [];

    private static JsonNode? Trimmed(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? JsonValue.Create(text.Trim()) : node?.DeepClone();
}
