using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// The engine's span source and meters. One request's trace runs through the engine: the trigger's acceptance span is
/// current when the work is queued, the queue row keeps its W3C <c>traceparent</c>, and the step a worker runs later is its
/// child, with the workflow, each activity and the activity's outgoing calls below it.
/// </summary>
public static class WorkflowTelemetry
{
    public const string Name = "Prometei.Workflows";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> InstancesStarted = Meter.CreateCounter<long>("prometei.workflows.instances.started", description: "Workflow instances started");

    public static readonly Counter<long> InstancesCompleted = Meter.CreateCounter<long>("prometei.workflows.instances.completed", description: "Workflow instances finished normally");

    public static readonly Counter<long> InstancesFaulted = Meter.CreateCounter<long>("prometei.workflows.instances.faulted", description: "Workflow instances faulted");

    public static readonly Counter<long> RequestsIgnored = Meter.CreateCounter<long>("prometei.workflows.http_trigger.ignored", description: "Valid HTTP trigger requests answered 200 without storing anything: events no workflow uses");

    public static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>("prometei.workflows.activity.duration", "ms", "Activity execution time");

    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "prometei.workflows.step.duration", "ms", "Time a worker spends on one claimed instance: load, run and commit of its steps");

    /// <summary>The W3C trace context of the current span, to be stored with queued work; null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span around accepting a trigger (storing the instance or the event) inside the caller's request.</summary>
    public static Activity? StartTriggerAcceptance(string kind, string name)
    {
        var span = Source.StartActivity($"accept {kind} {name}");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("workflow.trigger.kind", kind);
            span.SetTag("workflow.trigger.name", name);
        }

        return span;
    }

    /// <summary>
    /// A span around a worker's run of one claimed instance, continuing the trace of the work it runs. A rerun after another
    /// node stopped continues the same trace and is marked as such.
    /// </summary>
    public static Activity? StartStep(string definitionId, string instanceId, string? traceParent, string? previousOwner)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var span = Source.StartActivity($"step {definitionId}", ActivityKind.Consumer, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("workflow.definition_id", definitionId);
            span.SetTag("workflow.instance_id", instanceId);
            if (previousOwner is not null)
            {
                span.SetTag("workflow.rerun", true);
                span.SetTag("workflow.previous_node", previousOwner);
            }
        }

        return span;
    }

    /// <summary>
    /// A span for detail inside a step (the workflow run, one activity), only under a recorded span: when nothing exports
    /// traces the step's own span carries the trace context for the activities' outgoing calls, and these would add an
    /// object, a name and tags per activity that nobody reads. The caller sets tags only on a non-null span.
    /// </summary>
    public static Activity? StartDetail(string kind, string name) =>
        Activity.Current is { Recorded: true } ? Source.StartActivity(string.Concat(kind, " ", name)) : null;
}
