namespace Prometei.Workflows.Engine.Model;

/// <summary>An activity that reads more of its node once the node and its children are built (the flowchart's connections).</summary>
public interface IBuildAware
{
    void OnBuilt(ActivityNode node);
}
