using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>The engine's span source and meters.</summary>
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
}
