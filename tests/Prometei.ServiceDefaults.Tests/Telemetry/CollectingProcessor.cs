using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Prometei.ServiceDefaults.Tests.Telemetry;

/// <summary>Keeps the activities the tracer provider hands to its processors, in place of an exporter.</summary>
public sealed class CollectingProcessor : BaseProcessor<Activity>
{
    private int _shutdowns;

    public ConcurrentQueue<Activity> Ended { get; } = new();

    public bool IsShutDown => Volatile.Read(ref _shutdowns) > 0;

    public override void OnEnd(Activity data) => Ended.Enqueue(data);

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        Interlocked.Increment(ref _shutdowns);
        return true;
    }
}
