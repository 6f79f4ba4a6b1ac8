namespace Prometei.Workflows.Engine.Model;

/// <summary>A loop (or sequence) that Elsa's <c>Break</c> inside it ends: it completes when the current iteration ends.</summary>
public interface IBreakable
{
}
