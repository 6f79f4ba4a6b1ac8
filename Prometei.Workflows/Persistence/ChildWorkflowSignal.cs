using Npgsql;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Wakes a parent that waits for a child workflow (<c>Elsa.ExecuteWorkflow</c> with WaitForCompletion, or
/// <c>Elsa.DispatchWorkflow</c> told to wait): the parent holds a bookmark named <c>ExecuteWorkflow:{childInstanceId}</c>, and
/// the child's last commit (the one that finishes it) queues that bookmark's resume in the same transaction, so the wake-up
/// is never lost. The parent reads the child's final state itself when it resumes; a bookmark timer covers a child that
/// finished before the parent's bookmark was committed.
/// </summary>
public static class ChildWorkflowSignal
{
    public const string BookmarkPrefix = "ExecuteWorkflow:";

    /// <summary>Adds the wake-up commands when this commit finishes <paramref name="state"/>.</summary>
    public static void AddIfFinished(NpgsqlBatch batch, WorkflowState state, bool statusChanged)
    {
        if (state.Status != WorkflowStatus.Finished || !statusChanged)
        {
            return;
        }

        batch.BatchCommands.Add(InstanceStore.Command(
            $"""
            WITH resumed AS (
                INSERT INTO work_items (instance_id, kind, target_id, due_at)
                SELECT b.instance_id, '{WorkItem.Resume}', b.id, now() FROM bookmarks b WHERE b.name = $1
                RETURNING 1)
            SELECT pg_notify('{InstanceStore.WorkChannel}', '') FROM resumed LIMIT 1
            """,
            BookmarkPrefix + state.Id));
    }
}
