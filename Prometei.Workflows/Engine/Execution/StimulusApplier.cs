using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>Applies what woke an instance (a resumed bookmark, a retry, an operator's retry or cancel) to its state.</summary>
internal static class StimulusApplier
{
    public static void Apply(Stimulus stimulus, Workflow workflow, WorkflowState state, FrameTree frames, ExecutionJournal journal)
    {
        switch (stimulus)
        {
            case Stimulus.ResumeBookmark resume:
                var bookmark = state.Bookmarks.Find(b => b.Id == resume.BookmarkId);
                if (bookmark is null || state.Status != WorkflowStatus.Running)
                {
                    return; // resumed already, or the instance ended: a repeated stimulus does nothing
                }

                frames.RemoveBookmark(bookmark);
                if (state.FindFrame(bookmark.FrameId) is { } frame)
                {
                    frame.Resuming = true;
                    frame.Payload = resume.Payload?.DeepClone();
                    frame.Status = FrameStatus.Scheduled;
                    state.Queue.Add(frame.Id);
                    journal.AddLog(frame, workflow.GetNode(frame.NodeId), "Resumed", null, null, resume.Payload?.DeepClone());
                }

                break;

            case Stimulus.RetryActivity retry:
                if (state.FindFrame(retry.FrameId) is { Status: FrameStatus.RetryScheduled } retried && state.Status == WorkflowStatus.Running)
                {
                    retried.Status = FrameStatus.Scheduled;
                    retried.Attempt++;
                    retried.RetryAt = null;
                    state.Queue.Add(retried.Id);
                }

                break;

            case Stimulus.RetryFaulted:
                var faulted = state.Frames.Where(f => f.Status == FrameStatus.Faulted).ToList();
                if (faulted.Count == 0)
                {
                    return;
                }

                foreach (var f in faulted)
                {
                    f.Status = FrameStatus.Scheduled;
                    f.Attempt = 1;
                    f.FirstFailedAt = null;
                    state.Queue.Insert(0, f.Id);
                }

                state.Status = WorkflowStatus.Running;
                state.SubStatus = WorkflowSubStatus.Executing;
                state.Fault = null;
                state.FinishedAt = null;
                break;

            case Stimulus.Cancel:
                if (state.Status != WorkflowStatus.Running && state.SubStatus != WorkflowSubStatus.Faulted)
                {
                    return;
                }

                frames.CancelAll();
                frames.Finish(WorkflowSubStatus.Cancelled);
                break;
        }
    }
}
