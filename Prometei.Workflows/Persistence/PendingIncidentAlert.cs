namespace Prometei.Workflows.Persistence;

/// <summary>An incident waiting to be sent to the operators.</summary>
public sealed record PendingIncidentAlert(long Id, string InstanceId, string DefinitionId, string NodeId, string Message);
