namespace Prometei.Workflows.Persistence;

/// <summary>This node's lease on an instance ran out and another node took it over: the step was not written.</summary>
public sealed class LeaseLostException(string instanceId, long fence)
    : Exception($"The lease on workflow instance {instanceId} (fence {fence}) was lost; another node owns it now.")
{
    public string InstanceId { get; } = instanceId;
}
