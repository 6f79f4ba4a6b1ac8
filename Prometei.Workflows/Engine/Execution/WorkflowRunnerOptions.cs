using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>Engine settings.</summary>
public sealed class WorkflowRunnerOptions
{
    /// <summary>The retry policy of activities that do not set their own.</summary>
    public RetryPolicy DefaultRetryPolicy { get; set; } = RetryPolicy.Default;

    /// <summary>Retry policies of activities of a namespace (<c>[Activity("Prometei", …)]</c>) that do not set their own; before the default.</summary>
    public Dictionary<string, RetryPolicy> NamespaceRetryPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>Activities without outside effect run back-to-back; after this many the step is committed anyway.</summary>
    public int MaxActivitiesPerStep { get; set; } = 500;

    /// <summary>How many ready effect activities of one instance may run at the same time.</summary>
    public int MaxParallelEffects { get; set; } = 16;
}
