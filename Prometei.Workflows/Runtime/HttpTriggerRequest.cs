namespace Prometei.Workflows.Runtime;

/// <summary>A request to an HTTP trigger as validators see it.</summary>
public sealed record HttpTriggerRequest(string Method, string Path, IReadOnlyDictionary<string, string[]> Query, string? ContentType, string Body);
