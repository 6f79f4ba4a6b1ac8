using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>The query both execution lists take: <c>WorkflowInstanceId</c>, <c>ActivityNodeId</c> (or <c>ActivityId</c>), <c>Completed</c>.</summary>
internal static class Query
{
    public static async Task<IReadOnlyList<ActivityExecutionRecord>> ReadAsync(HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var instanceId = ElsaQuery.String(request, "WorkflowInstanceId");
        if (string.IsNullOrEmpty(instanceId))
        {
            return [];
        }

        var nodeId = ElsaQuery.String(request, "ActivityNodeId");
        var activityId = ElsaQuery.String(request, "ActivityId");
        var records = await journal.ListExecutionsAsync(instanceId, string.IsNullOrEmpty(nodeId) ? null : nodeId, cancellationToken);
        IEnumerable<ActivityExecutionRecord> result = records;
        if (string.IsNullOrEmpty(nodeId) && !string.IsNullOrEmpty(activityId))
        {
            result = result.Where(r => r.ActivityId == activityId);
        }

        if (ElsaQuery.Bool(request, "Completed") is { } completed)
        {
            result = result.Where(r => r.CompletedAt.HasValue == completed);
        }

        return [.. result];
    }
}
