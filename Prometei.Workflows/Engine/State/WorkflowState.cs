using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Prometei.Workflows.Engine.State;

/// <summary>
/// Everything about one workflow instance that survives a restart. The runtime stores it as <c>jsonb</c> in the same
/// transaction as the journal records, bookmarks and queue rows of the step that produced it.
/// </summary>
public sealed class WorkflowState
{
    public required string Id { get; init; }

    public required string DefinitionId { get; init; }

    public required string DefinitionVersionId { get; init; }

    public required int DefinitionVersion { get; init; }

    public string? CorrelationId { get; set; }

    public string? Name { get; set; }

    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;

    public WorkflowSubStatus SubStatus { get; set; } = WorkflowSubStatus.Pending;

    public Dictionary<string, JsonNode?> Input { get; init; } = [];

    public Dictionary<string, JsonNode?> Output { get; init; } = [];

    /// <summary>Workflow variables by name.</summary>
    public Dictionary<string, JsonNode?> Variables { get; init; } = [];

    /// <summary>Live activity executions.</summary>
    public List<ActivityFrame> Frames { get; init; } = [];

    /// <summary>Frame ids ready to run, in order.</summary>
    public List<string> Queue { get; init; } = [];

    public List<Bookmark> Bookmarks { get; init; } = [];

    /// <summary>How many times each node has been scheduled: the iteration part of idempotency keys.</summary>
    public Dictionary<string, int> NodeCounters { get; init; } = [];

    /// <summary>The last outputs of each activity, by node id.</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> ActivityOutputs { get; init; } = [];

    public List<Incident> Incidents { get; init; } = [];

    public WorkflowFault? Fault { get; set; }

    /// <summary>
    /// The outcomes of the last <see cref="Model.ICompletesComposite"/> (<c>Elsa.Complete</c>) that ran: what a workflow used as
    /// an activity completes with in its parent (Done when none ran). Not written when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Outcomes { get; set; }

    /// <summary>The last journal sequence number handed out.</summary>
    public long LogSequence { get; set; }

    /// <summary>The trigger that started the instance, until it has run. What it received is the instance's input.</summary>
    public string? TriggerNodeId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Free properties: <c>replayOf</c> links a replay to its original.</summary>
    public Dictionary<string, JsonNode?> Properties { get; init; } = [];

    public ActivityFrame? FindFrame(string id) => Frames.Find(f => f.Id == id);
}
