using System.Collections.Concurrent;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>A test activity that fails transiently on its first calls, counting calls per workflow instance.</summary>
[Activity("Test", "Test", "Fails with a transient error on its first calls, then succeeds.")]
internal sealed class FailTransiently : Activity
{
    // Keyed by instance id: every test runs its own instance, so tests running in parallel do not share a count.
    private static readonly ConcurrentDictionary<string, int> s_calls = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> s_keys = new(StringComparer.Ordinal);

    [Input(Description = "How many calls fail before one succeeds.")]
    public Input<int> FailedCalls { get; set; } = new();

    public static int Calls(string instanceId) => s_calls.GetValueOrDefault(instanceId);

    /// <summary>The idempotency key each call saw, in order.</summary>
    public static IReadOnlyList<string> Keys(string instanceId) => s_keys.TryGetValue(instanceId, out var keys) ? [.. keys] : [];

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var call = s_calls.AddOrUpdate(context.WorkflowInstanceId, 1, (_, n) => n + 1);
        s_keys.GetOrAdd(context.WorkflowInstanceId, _ => new ConcurrentQueue<string>()).Enqueue(context.IdempotencyKey);
        if (call <= context.Get(FailedCalls))
        {
            throw new ActivityException($"Call {call} failed: the gateway is busy.", isTransient: true);
        }

        context.Complete();
        return ValueTask.CompletedTask;
    }
}
