namespace Prometei.Workflows.Runtime;

public static class TriggerKinds
{
    public const string Http = "Http";
    public const string Cron = "Cron";
    public const string Timer = "Timer";
    public const string Event = "Event";
}
