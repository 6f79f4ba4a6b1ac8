using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>An instance's columns and its state.</summary>
public sealed record InstanceDetails(InstanceSummary Summary, WorkflowState State);
