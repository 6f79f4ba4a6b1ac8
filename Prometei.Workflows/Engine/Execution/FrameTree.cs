using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// The instance's frames and bookmarks during one run: scheduling, suspending, cancelling and removing frames, and finishing
/// or settling the instance's status. Every bookmark change is also recorded in the run's <see cref="ExecutionStep"/>.
/// </summary>
internal sealed class FrameTree(Workflow workflow, WorkflowState state, ExecutionStep step, ExecutionJournal journal, TimeProvider time)
{
    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Creates a frame for <paramref name="node"/> and queues it.</summary>
    public ActivityFrame Schedule(ActivityNode node, string? parentId, string? tag, Dictionary<string, object?>? locals)
    {
        state.NodeCounters[node.NodeId] = state.NodeCounters.GetValueOrDefault(node.NodeId) + 1;
        var frame = new ActivityFrame
        {
            Id = WorkflowExecution.NewId(),
            ParentId = parentId,
            NodeId = node.NodeId,
            Iteration = state.NodeCounters[node.NodeId],
            Tag = tag,
            ScheduledAt = Now,
        };
        if (locals is not null)
        {
            foreach (var (k, v) in locals)
            {
                frame.Locals[k] = ValueConverter.ToJson(v);
            }
        }

        state.Frames.Add(frame);
        state.Queue.Add(frame.Id);
        return frame;
    }

    /// <summary>Suspends the frame on the bookmarks its activity asked for; the open record is kept.</summary>
    public void Suspend(ActivityExecutionContext context, ActivityExecutionRecord record)
    {
        var (frame, node) = (context.Frame, context.Node);
        frame.Status = FrameStatus.Suspended;
        foreach (var (name, resumeAt, payload) in context.BookmarkRequests)
        {
            var bookmark = new Bookmark(WorkflowExecution.NewId(), frame.Id, node.NodeId, node.Type, name, resumeAt, payload);
            state.Bookmarks.Add(bookmark);
            step.BookmarksAdded.Add(bookmark);
            if (resumeAt is { } at)
            {
                step.WakeUps.Add(new WakeUp(WakeUpKind.ResumeBookmark, at, bookmark.Id));
            }
        }

        record.HasBookmarks = true;
        journal.KeepOpen(record);
        journal.AddLog(frame, node, "Suspended", null, null, null);
    }

    /// <summary>
    /// Removes a frame that completed with <paramref name="outcomes"/>; those of an activity that completes its composite
    /// (<c>Elsa.Complete</c>) become the workflow's outcomes, as Elsa's <c>CompleteCompositeSignal</c> makes them.
    /// </summary>
    public void Complete(ActivityFrame frame, ActivityNode node, IReadOnlyList<string> outcomes)
    {
        Remove(frame);
        if (node.Activity is ICompletesComposite)
        {
            state.Outcomes = [.. outcomes];
        }
    }

    /// <summary>Removes a completed frame with its children and bookmarks.</summary>
    public void Remove(ActivityFrame frame)
    {
        foreach (var child in state.Frames.Where(f => f.ParentId == frame.Id).ToList())
        {
            Cancel(child);
        }

        foreach (var bookmark in state.Bookmarks.Where(b => b.FrameId == frame.Id).ToList())
        {
            RemoveBookmark(bookmark);
        }

        state.Frames.Remove(frame);
        state.Queue.Remove(frame.Id);
    }

    /// <summary>Cancels a frame and its descendants, closing the journal records of those that started (except <paramref name="except"/>).</summary>
    public void Cancel(ActivityFrame frame, string? except = null)
    {
        foreach (var child in state.Frames.Where(f => f.ParentId == frame.Id).ToList())
        {
            Cancel(child, except);
        }

        foreach (var bookmark in state.Bookmarks.Where(b => b.FrameId == frame.Id).ToList())
        {
            RemoveBookmark(bookmark);
        }

        state.Frames.Remove(frame);
        state.Queue.Remove(frame.Id);
        if (frame.Id != except && frame.RecordId is not null && frame.StartedAt is not null)
        {
            var node = workflow.GetNode(frame.NodeId);
            var record = journal.NewRecord(frame, node, frame.StartedAt.Value);
            record.ActivityState = null;
            journal.CloseRecord(record, ActivityExecutionStatus.Canceled, []);
        }
    }

    /// <summary>Cancels every root frame (closing every started record but <paramref name="except"/>'s) and empties the queue.</summary>
    public void CancelAll(string? except = null)
    {
        foreach (var f in state.Frames.Where(f => f.ParentId is null).ToList())
        {
            Cancel(f, except);
        }

        state.Queue.Clear();
    }

    public void RemoveBookmark(Bookmark bookmark)
    {
        state.Bookmarks.Remove(bookmark);
        step.BookmarksRemoved.Add(bookmark.Id);
        step.BookmarksAdded.RemoveAll(b => b.Id == bookmark.Id);
    }

    public void Finish(WorkflowSubStatus subStatus)
    {
        foreach (var bookmark in state.Bookmarks.ToList())
        {
            RemoveBookmark(bookmark);
        }

        state.Status = WorkflowStatus.Finished;
        state.SubStatus = subStatus;
        state.FinishedAt = Now;
    }

    /// <summary>After the queue ran dry: suspended when something waits, finished when nothing is left.</summary>
    public void SettleStatus()
    {
        if (state.Queue.Count > 0)
        {
            state.SubStatus = WorkflowSubStatus.Executing;
        }
        else if (state.Frames.Count > 0)
        {
            state.SubStatus = WorkflowSubStatus.Suspended;
        }
        else
        {
            Finish(WorkflowSubStatus.Finished);
        }
    }
}
