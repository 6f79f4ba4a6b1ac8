namespace Prometei.Fakes.Control;

/// <summary>A note as stored (<c>GET /_control/amocrm/notes</c>).</summary>
/// <remarks>
/// <c>EntityType</c>: <c>leads</c> or <c>contacts</c>.<br/>
/// <c>Text</c>: <c>params.text</c>, when the note has one.<br/>
/// </remarks>
public sealed record FakeAmoNote(long Id, string EntityType, long EntityId, string NoteType, string? Text, long CreatedAt);
