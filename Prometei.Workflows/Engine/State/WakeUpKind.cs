namespace Prometei.Workflows.Engine.State;

public enum WakeUpKind
{
    RetryActivity,
    ResumeBookmark,
}
