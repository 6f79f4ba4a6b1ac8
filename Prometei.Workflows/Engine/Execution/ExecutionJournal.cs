using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// The journal side of one run: opens and closes activity execution records and appends execution log records, all
/// collected in the run's <see cref="ExecutionStep"/>.
/// </summary>
internal sealed class ExecutionJournal(WorkflowState state, ExecutionStep step, TimeProvider time)
{
    private const string RedactedValue = "***";

    private DateTimeOffset Now => time.GetUtcNow();

    public ActivityExecutionRecord NewRecord(ActivityFrame frame, ActivityNode node, DateTimeOffset startedAt) => new()
    {
        Id = frame.RecordId ?? frame.Id,
        ActivityInstanceId = frame.Id,
        WorkflowInstanceId = state.Id,
        ActivityId = node.Id,
        ActivityNodeId = node.NodeId,
        ActivityType = node.Type,
        ActivityName = node.Name,
        Attempt = frame.Attempt,
        StartedAt = startedAt,
    };

    public void CloseRecord(ActivityExecutionRecord record, ActivityExecutionStatus status, IReadOnlyList<string> outcomes)
    {
        record.Status = status;
        record.Outcomes = [.. outcomes];
        record.CompletedAt = Now;
        step.Upsert(record);
    }

    /// <summary>Keeps a record that stays open (suspended or waiting for children) in the step.</summary>
    public void KeepOpen(ActivityExecutionRecord record)
    {
        record.Status = ActivityExecutionStatus.Running;
        step.Upsert(record);
    }

    public void AddLog(ActivityFrame frame, ActivityNode node, string eventName, string? message, string? source, JsonNode? payload)
    {
        step.Log.Add(new ExecutionLogRecord(
            WorkflowExecution.NewId(), state.Id, frame.Id, frame.ParentId, node.Id, node.Type, node.Name, node.NodeId, Now,
            ++state.LogSequence, eventName, message, source, payload));
    }

    /// <summary>The evaluated inputs as the journal keeps them: secret-bearing inputs replaced by a placeholder.</summary>
    public static JsonObject RedactInputs(ActivityNode node, Dictionary<string, object?> inputs)
    {
        var result = new JsonObject();
        foreach (var descriptor in node.Descriptor.Inputs)
        {
            if (inputs.TryGetValue(descriptor.Name, out var value))
            {
                result[descriptor.Name] = descriptor.IsSensitive && value is not null ? RedactedValue : ValueConverter.ToJson(value);
            }
        }

        return result;
    }

    public static JsonObject ToJsonObject(Dictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (k, v) in values)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }
}
