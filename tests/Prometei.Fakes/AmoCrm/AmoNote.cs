using System.Text.Json.Nodes;

namespace Prometei.Fakes.AmoCrm;

/// <summary>A stored note.</summary>
internal sealed class AmoNote
{
    public long Id { get; init; }

    public string EntityType { get; init; } = "leads";

    public long EntityId { get; init; }

    public string NoteType { get; init; } = "common";

    public JsonObject Params { get; init; } = [];

    public long ResponsibleUserId { get; init; }

    public long CreatedAt { get; init; }

    public string? RequestId { get; init; }
}
