using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.Scripting;

/// <summary>
/// What the Studio's Monaco editor asks for when an input is switched to JavaScript: a TypeScript declaration file of the
/// globals a script sees here (Elsa's functions, <c>input</c>, <c>variables</c> and a getter and setter per variable of the
/// latest version, a getter per workflow input, <c>get{Output}From{Activity}()</c> per output of each named activity), so the
/// editor completes them. The accessors are declared under the names the engine installs (<c>JavaScriptGlobals</c>); Elsa's
/// providers (InputFunctionsDefinitionProvider, ActivityOutputFunctionsDefinitionProvider) declare the same ones, except that
/// they also capitalise input and output names the engine takes as written (Elsa's own engine does too). Elsa: <c>POST /scripting/javascript/type-definitions/{workflowDefinitionId}</c>
/// (Elsa.Expressions.JavaScript/Endpoints/TypeDefinitions/Endpoint.cs), body <c>{"activityTypeName","propertyName"}</c> (unused),
/// answered as <c>application/x-typescript</c> named <c>elsa.{id}.d.ts</c>; an unknown definition gets Elsa's 400.
/// </summary>
internal static class TypeDefinitions
{
    private static readonly string[] s_functions =
    [
        "declare function getVariable(name: string): any;",
        "declare function setVariable(name: string, value: any): void;",
        "declare function getInput(name: string): any;",
        "declare function getOutputFrom(activityIdOrName: string, outputName?: string): any;",
        "declare function getWorkflowInstanceId(): string;",
        "declare function getCorrelationId(): string | null;",
        "declare function getWorkflowDefinitionId(): string;",
        "declare function getWorkflowDefinitionVersionId(): string;",
        "declare function getWorkflowDefinitionVersion(): number;",
        "declare function setOutcome(outcome: string): void;",
        "declare function setOutcomes(outcomes: string[]): void;",
        "declare function isNullOrWhiteSpace(value: string | null | undefined): boolean;",
        "declare function isNullOrEmpty(value: string | null | undefined): boolean;",
        "declare function toJson(value: any): string;",
        "declare function parseGuid(value: string): string;",
        "declare function newGuid(): string;",
        "declare function newGuidString(): string;",
        "declare function newShortGuid(): string;",
        "declare function stringToBase64(value: string): string;",
        "declare function stringFromBase64(value: string): string;",
        "declare var workflowInstanceId: string;",
        "declare var correlationId: string | null;",
        "declare var input: { [name: string]: any };",
    ];

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/scripting/javascript/type-definitions/{workflowDefinitionId}", HandleAsync);

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string workflowDefinitionId, DefinitionQueries definitions, ActivityRegistry registry, CancellationToken cancellationToken)
    {
        var stored = await definitions.FindAsync(workflowDefinitionId, VersionFilter.Latest, cancellationToken);
        if (stored is null)
        {
            return ElsaResults.Error($"Workflow definition {workflowDefinitionId} not found");
        }

        var text = Render(stored.Data["variables"] as JsonArray, stored.Data["inputs"] as JsonArray, ActivityOutputs(stored.Data["root"] as JsonObject, registry));
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "application/x-typescript", $"elsa.{workflowDefinitionId}.d.ts");
    }

    /// <summary>The declaration text for a definition with these variables (Elsa's renderer's shape).</summary>
    internal static string Render(JsonArray? variables, JsonArray? inputs = null, IReadOnlyList<(string Activity, string Output)>? outputs = null)
    {
        var output = new StringBuilder();
        foreach (var line in s_functions)
        {
            output.AppendLine(line);
        }

        var declared = (variables ?? []).OfType<JsonObject>()
            .Select(v => (Name: v["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null,
                Type: TypeScriptType(v["typeName"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : null,
                    v["isArray"] is JsonValue a && a.TryGetValue<bool>(out var isArray) && isArray)))
            .Where(v => v.Name is not null && IsIdentifier(v.Name))
            .ToList();
        output.AppendLine("declare class WorkflowVariables {");
        foreach (var (name, type) in declared)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"{name}: {type};");
        }

        output.AppendLine("}");
        foreach (var (name, type) in declared)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"declare function get{name}(): {type};");
            output.AppendLine(CultureInfo.InvariantCulture, $"declare function set{name}(value: {type}): void;");
        }

        // Elsa's order: variables, then workflow inputs, then activity outputs (the engine installs them so; a later one wins).
        foreach (var input in (inputs ?? []).OfType<JsonObject>())
        {
            if (input["name"] is JsonValue n && n.TryGetValue<string>(out var name) && JavaScriptGlobals.IsIdentifier(name))
            {
                var type = TypeScriptType(input["type"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : null,
                    input["isArray"] is JsonValue a && a.TryGetValue<bool>(out var isArray) && isArray);
                output.AppendLine(CultureInfo.InvariantCulture, $"declare function get{name}(): {type};");
            }
        }

        foreach (var (activity, outputName) in outputs ?? [])
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"declare function get{outputName}From{JavaScriptGlobals.Pascalize(activity)}(): any;");
        }

        output.AppendLine("declare var variables: WorkflowVariables;");
        return output.ToString();
    }

    /// <summary>
    /// Each named activity's outputs (by its type's descriptor), anywhere in the tree, as the engine's accessors take them:
    /// names that give identifiers only, each pair once. Unknown types (a draft's placeholders) have none.
    /// </summary>
    internal static IReadOnlyList<(string Activity, string Output)> ActivityOutputs(JsonObject? root, ActivityRegistry registry)
    {
        var found = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonObject>();
        if (root is not null)
        {
            pending.Push(root);
        }

        while (pending.TryPop(out var activity))
        {
            if (activity["name"] is JsonValue n && n.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name)
                && activity["type"] is JsonValue t && t.TryGetValue<string>(out var type) && registry.Find(type) is { } descriptor
                && JavaScriptGlobals.IsIdentifier(JavaScriptGlobals.Pascalize(name)))
            {
                foreach (var o in descriptor.Outputs.Where(o => JavaScriptGlobals.IsIdentifier(o.Name)))
                {
                    if (seen.Add($"get{o.Name}From{JavaScriptGlobals.Pascalize(name)}"))
                    {
                        found.Add((name, o.Name));
                    }
                }
            }

            foreach (var child in WorkflowBuilder.ChildActivities(activity).Reverse())
            {
                pending.Push(child);
            }
        }

        return found;
    }

    private static string TypeScriptType(string? typeName, bool isArray)
    {
        var name = typeName?.Split(',')[0].Split('.')[^1];
        var type = name switch
        {
            "String" or "Guid" or "Char" => "string",
            "Int16" or "Int32" or "Int64" or "Byte" or "Decimal" or "Double" or "Single" or "UInt16" or "UInt32" or "UInt64" => "number",
            "Boolean" => "boolean",
            "DateTime" or "DateTimeOffset" or "DateOnly" => "Date",
            _ => "any",
        };
        return isArray ? $"{type}[]" : type;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
