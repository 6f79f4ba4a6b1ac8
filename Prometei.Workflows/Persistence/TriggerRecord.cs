using System.Text.Json.Nodes;

namespace Prometei.Workflows.Persistence;

/// <summary>An indexed trigger of a published workflow version.</summary>
public sealed record TriggerRecord(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    string ActivityNodeId,
    string Kind,
    string Key,
    JsonObject Payload,
    DateTimeOffset CreatedAt);
