using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Runtime;

/// <summary>The workflow server's settings (section <c>Workflows</c>).</summary>
public sealed class WorkflowServerOptions
{
    public const string SectionName = "Workflows";

    /// <summary>This node's name in leases. Default: host name and process id.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a claimed instance stays leased without renewal; after that another node may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many instances this node runs at the same time.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// How many instances this node accepted (started here, leased to itself) may wait for a running slot beyond
    /// <see cref="MaxConcurrency"/>; their leases are renewed with the running ones', at shutdown they are handed back with a
    /// <c>Run</c> queue row. Past this bound a start is queued for any node. Default 1,000: a waiting instance costs its state in
    /// memory and a place in the lease renewal, a queued one a queue row's insert, claim, read and delete (five statements and
    /// about seven WAL records); the price is that a node killed with a backlog holds it until the leases run out.
    /// </summary>
    [Range(0, 4096)]
    public int MaxBacklog { get; set; } = 1000;

    /// <summary>How many instances one claim takes at most.</summary>
    [Range(1, 1024)]
    public int ClaimBatchSize { get; set; } = 32;

    /// <summary>How often the queue is polled when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest HTTP trigger body stored, in bytes; larger requests get 413.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long an HTTP caller waits for a workflow that writes its own response.</summary>
    public TimeSpan HttpResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder of workflow JSON files imported and published at startup (relative to the content root).</summary>
    public string DefinitionsPath { get; set; } = "Definitions";

    /// <summary>Whether this node runs the queue and timers (a node can serve only the API).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>
    /// Per-event shared secrets: <c>POST /workflows/events/{name}</c> needs an API key of <c>/elsa/api</c> (or its bearer
    /// token), or the secret configured here for that event.
    /// </summary>
    public List<EventSecret> EventSecrets { get; set; } = [];
}
