using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// The JSON of Elsa's workflow-as-activity (a node of type <see cref="Descriptors.ActivityRegistry.WorkflowDefinitionActivityTypeName"/>):
/// its own members, and the child's inputs it holds under their camel-cased names. Pure JSON reads.
/// </summary>
public static class WorkflowDefinitionActivities
{
    /// <summary>Members of the activity's JSON that are not inputs of the child.</summary>
    private static readonly HashSet<string> s_ownMembers = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata",
        "workflowDefinitionId", "workflowDefinitionVersionId", "latestAvailablePublishedVersion", "latestAvailablePublishedVersionId",
    };

    /// <summary>The child's inputs as the activity's JSON holds them: every other member holding a wrapped expression.</summary>
    public static IEnumerable<(string JsonName, JsonObject Wrapped)> ChildInputs(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var (key, value) in activity)
        {
            if (!s_ownMembers.Contains(key) && value is JsonObject wrapped && wrapped.ContainsKey("expression"))
            {
                yield return (key, wrapped);
            }
        }
    }
}
