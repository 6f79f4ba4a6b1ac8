namespace Prometei.Workflows.Engine.State;

/// <summary>Work the runtime must start at a time: a retry's next attempt or a timer bookmark.</summary>
/// <param name="Kind"><see cref="WakeUpKind"/>.</param>
/// <param name="At">When.</param>
/// <param name="TargetId">The frame to retry, or the bookmark to resume.</param>
public sealed record WakeUp(WakeUpKind Kind, DateTimeOffset At, string TargetId);
