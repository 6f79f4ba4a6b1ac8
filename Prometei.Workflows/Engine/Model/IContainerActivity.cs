namespace Prometei.Workflows.Engine.Model;

/// <summary>An activity that holds child activities in a property other than an embedded port (the flowchart).</summary>
public interface IContainerActivity
{
}
