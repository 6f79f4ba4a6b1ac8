namespace Prometei.Workflows.Engine.Model;

/// <summary>What a container learns when one of its children completes.</summary>
/// <param name="Node">The child's node.</param>
/// <param name="Outcomes">The outcomes the child completed with.</param>
/// <param name="Tag">The tag the container gave when it scheduled the child (a loop index, say).</param>
public sealed record ChildCompletion(ActivityNode Node, IReadOnlyList<string> Outcomes, string? Tag);
