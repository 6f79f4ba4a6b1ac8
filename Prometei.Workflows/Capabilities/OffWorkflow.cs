namespace Prometei.Workflows.Capabilities;

/// <summary>A published workflow that does not start because its flow is off.</summary>
public sealed record OffWorkflow(string DefinitionId, string Name, int Version, string Reason);
