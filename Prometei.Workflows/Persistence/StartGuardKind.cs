namespace Prometei.Workflows.Persistence;

public enum StartGuardKind
{
    None,
    TimerSlot,
    EventReceipt,
}
