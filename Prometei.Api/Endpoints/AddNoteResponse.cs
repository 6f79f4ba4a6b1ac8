using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

public sealed record AddNoteResponse(long? NoteId, bool DryRun, JsonArray? WouldWrite);
