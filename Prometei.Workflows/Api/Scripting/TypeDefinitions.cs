using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.Scripting;

/// <summary>
/// What the Studio's Monaco editor asks for when an input is switched to JavaScript: a TypeScript declaration file of the
/// globals a script sees here (Elsa's functions, <c>input</c>, <c>variables</c> and a getter and setter per variable of the
/// latest version), so the editor completes them. Elsa: <c>POST /scripting/javascript/type-definitions/{workflowDefinitionId}</c>
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
        string workflowDefinitionId, DefinitionQueries definitions, CancellationToken cancellationToken)
    {
        var stored = await definitions.FindAsync(workflowDefinitionId, VersionFilter.Latest, cancellationToken);
        if (stored is null)
        {
            return ElsaResults.Error($"Workflow definition {workflowDefinitionId} not found");
        }

        var text = Render(stored.Data["variables"] as JsonArray);
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "application/x-typescript", $"elsa.{workflowDefinitionId}.d.ts");
    }

    /// <summary>The declaration text for a definition with these variables (Elsa's renderer's shape).</summary>
    internal static string Render(JsonArray? variables)
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

        output.AppendLine("declare var variables: WorkflowVariables;");
        return output.ToString();
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
