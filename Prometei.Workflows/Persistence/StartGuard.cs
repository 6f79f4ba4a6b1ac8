namespace Prometei.Workflows.Persistence;

/// <summary>
/// What may stop a start, as data: nothing; a timer slot that fires once across every node (<c>timer_fires</c>); or an event's
/// idempotency key, answered from its receipt on a repeat (<c>event_receipts</c>). A Singleton workflow's instance carries its own
/// guard (<see cref="NewInstance.Singleton"/>): none is created while another instance of its definition runs.
/// </summary>
public sealed record StartGuard(StartGuardKind Kind, string? Key = null, DateTimeOffset Slot = default, string? EventName = null)
{
    public static StartGuard None { get; } = new(StartGuardKind.None);

    /// <summary>The slot of a timer trigger: the first node to claim it starts the instance, every other does nothing.</summary>
    public static StartGuard TimerSlot(string triggerId, DateTimeOffset slot) => new(StartGuardKind.TimerSlot, triggerId, slot);

    /// <summary>An event sent with an idempotency key: the first delivery starts and resumes, a repeat gets the first one's result.</summary>
    public static StartGuard EventReceipt(string key, string eventName) => new(StartGuardKind.EventReceipt, key, EventName: eventName);
}
