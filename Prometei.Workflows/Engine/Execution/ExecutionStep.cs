using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// What one run of the engine changed besides the state itself: the runtime writes all of it, with the state,
/// in one transaction.
/// </summary>
public sealed class ExecutionStep
{
    /// <summary>Activity execution records created or updated in this step (upsert by id).</summary>
    public List<ActivityExecutionRecord> Records { get; } = [];

    public List<ExecutionLogRecord> Log { get; } = [];

    public List<Bookmark> BookmarksAdded { get; } = [];

    public List<string> BookmarksRemoved { get; } = [];

    public List<WakeUp> WakeUps { get; } = [];

    public List<HttpResponseData> HttpResponses { get; } = [];

    public List<Incident> IncidentsAdded { get; } = [];

    /// <summary>Whether runnable work is left: the runtime commits and runs the instance again.</summary>
    public bool HasMoreWork { get; set; }

    public int ActivitiesExecuted { get; set; }

    public int EffectActivitiesExecuted { get; set; }

    /// <summary>The instance's status changed in this step (for metrics and notifications).</summary>
    public bool StatusChanged { get; set; }

    internal void Upsert(ActivityExecutionRecord record)
    {
        var i = Records.FindIndex(r => r.Id == record.Id);
        if (i >= 0)
        {
            Records[i] = record;
        }
        else
        {
            Records.Add(record);
        }
    }
}
