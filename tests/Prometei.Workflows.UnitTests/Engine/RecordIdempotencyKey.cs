using System.Collections.Concurrent;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>A test activity with an outside effect: it records the idempotency key of every execution, per workflow instance.</summary>
[Activity("Test", "Test", "Records the idempotency key it is given.", HasOutsideEffect = true)]
internal sealed class RecordIdempotencyKey : Activity
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> s_keys = new(StringComparer.Ordinal);

    /// <summary>The keys every execution saw, in order.</summary>
    public static IReadOnlyList<string> Keys(string instanceId) => s_keys.TryGetValue(instanceId, out var keys) ? [.. keys] : [];

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        s_keys.GetOrAdd(context.WorkflowInstanceId, _ => new ConcurrentQueue<string>()).Enqueue(context.IdempotencyKey);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
