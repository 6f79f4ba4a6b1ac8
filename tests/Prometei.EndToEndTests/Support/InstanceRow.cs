using System.Text.Json.Nodes;

namespace Prometei.EndToEndTests.Support;

public sealed record InstanceRow(
    string Id,
    string DefinitionId,
    string Status,
    string SubStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    JsonObject State,
    string? ReplayOf);
