namespace Prometei.Workflows.Engine.State;

/// <summary>An HTTP response a workflow wrote for the request that started it.</summary>
public sealed record HttpResponseData(int StatusCode, string? ContentType, string? Body, IReadOnlyDictionary<string, string> Headers);
