namespace Prometei.Workflows.Api;

/// <summary>The log category of the trigger endpoints.</summary>
public sealed class WorkflowTriggersRequest
{
    private WorkflowTriggersRequest()
    {
    }
}
