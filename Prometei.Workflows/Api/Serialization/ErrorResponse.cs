namespace Prometei.Workflows.Api.Serialization;

/// <summary>
/// Elsa's (FastEndpoints') error body: <c>{"statusCode":400,"message":"…","errors":{"generalErrors":["…"]}}</c>. Studio shows
/// every string under <c>errors</c>.
/// </summary>
public sealed record ErrorResponse(int StatusCode, string Message, IReadOnlyDictionary<string, IReadOnlyList<string>> Errors);
