using System.Text.Json;

namespace Prometei.Fakes.Control;

/// <summary>A task or deal the fake ERP created (<c>GET /_control/erp/tasks</c>, <c>/deals</c>).</summary>
/// <remarks>
/// <c>Kind</c>: <c>task</c> or <c>deal</c>.<br/>
/// <c>IdempotencyKey</c>: The <c>Idempotency-Key</c> header of the creating request.<br/>
/// <c>Body</c>: The JSON body as received.<br/>
/// <c>Replays</c>: How many later requests with the same key got this document's answer instead of a new one.<br/>
/// </remarks>
public sealed record FakeErpDocument(long Id, string Kind, string? IdempotencyKey, JsonElement Body, DateTimeOffset ReceivedAt, int Replays);
