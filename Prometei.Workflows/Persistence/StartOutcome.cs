namespace Prometei.Workflows.Persistence;

/// <summary>
/// What a start did: the instances created and resumed; <see cref="Replayed"/> when the guard had been claimed before (a timer
/// slot another node fired, an event key seen before: then the ids are those its receipt holds, or none for a slot).
/// </summary>
public sealed record StartOutcome(IReadOnlyList<string> StartedInstanceIds, IReadOnlyList<string> ResumedInstanceIds, bool Replayed = false);
