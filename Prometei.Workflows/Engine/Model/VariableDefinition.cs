using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Model;

/// <summary>A workflow variable as declared in the definition.</summary>
public sealed record VariableDefinition(string Id, string Name, string? TypeName, bool IsArray, JsonNode? Value);
