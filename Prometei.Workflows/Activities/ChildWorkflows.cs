using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Starting and awaiting child instances for <see cref="ExecuteWorkflow"/> and <see cref="DispatchWorkflow"/>. A child is
/// started through <see cref="WorkflowStarter"/> (committed with its first queue row, as every instance) under an id derived
/// from the parent activity's idempotency key, so a rerun of the parent after a crash finds the child it started and never
/// starts a second one. A waiting parent holds the bookmark <see cref="ChildWorkflowSignal.BookmarkPrefix"/>+child id, resumed
/// by the child's finishing commit, with a timer behind it (1 s, doubling to 1 min) for a child that finished first.
/// </summary>
internal static class ChildWorkflows
{
    private const string ChildKey = "childInstanceId";
    private const string CheckKey = "check";
    private static readonly TimeSpan s_firstCheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxCheck = TimeSpan.FromMinutes(1);

    /// <summary>Starts (or finds, on a rerun) the child of this activity execution; returns its instance id.</summary>
    public static async Task<string> StartAsync(
        ActivityExecutionContext context, string? definitionId, string? correlationId, object? input)
    {
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            throw new ActivityException($"Activity '{context.Node.DisplayName}' ({context.Node.Type}): no workflow definition id is given.", isTransient: false);
        }

        var definitions = context.Services.GetRequiredService<DefinitionQueries>();
        var stored = await definitions.FindAsync(definitionId, VersionFilter.Published, context.CancellationToken)
            ?? throw new ActivityException(
                $"Activity '{context.Node.DisplayName}' ({context.Node.Type}): workflow definition '{definitionId}' has no published version.", isTransient: false);
        var inputJson = input is string text && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : ValueConverter.ToJson(input);
        var childInput = (inputJson as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        return await StartAsync(context, stored, correlationId, childInput);
    }

    /// <summary>Starts (or finds, on a rerun) the child of this activity execution as an instance of the given version.</summary>
    public static async Task<string> StartAsync(
        ActivityExecutionContext context, StoredDefinition stored, string? correlationId, IReadOnlyDictionary<string, JsonNode?> childInput)
    {
        var workflow = context.Services.GetRequiredService<WorkflowCatalog>().Get(stored);
        var childId = ChildId(context.IdempotencyKey);
        try
        {
            await context.Services.GetRequiredService<WorkflowStarter>().StartAsync(
                new StartRequest(workflow, childInput, correlationId, InstanceId: childId), context.CancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Started by an earlier attempt of this same execution (the parent reran after a crash): that child is the one.
        }

        context.State[ChildKey] = childId;
        return childId;
    }

    /// <summary>Suspends the parent until the child finishes.</summary>
    public static void Await(ActivityExecutionContext context, string childId, TimeSpan? check = null)
    {
        var delay = check ?? s_firstCheck;
        context.State[CheckKey] = delay.TotalMilliseconds;
        context.CreateBookmark(ChildWorkflowSignal.BookmarkPrefix + childId, context.Time.GetUtcNow() + delay);
    }

    /// <summary>
    /// On a resume: the child's final state when it has finished, else null after waiting again (the next check later).
    /// </summary>
    public static async Task<InstanceDetails?> FinishedChildAsync(ActivityExecutionContext context)
    {
        var childId = context.State[ChildKey]!.GetValue<string>();
        var child = await context.Services.GetRequiredService<InstanceQueries>().GetAsync(childId, context.CancellationToken);
        if (child is { State.Status: Engine.State.WorkflowStatus.Finished })
        {
            return child;
        }

        var last = context.State.TryGetValue(CheckKey, out var ms) && ms is JsonValue v && v.TryGetValue<double>(out var d) ? TimeSpan.FromMilliseconds(d) : s_firstCheck;
        Await(context, childId, TimeSpan.FromTicks(Math.Min(last.Ticks * 2, s_maxCheck.Ticks)));
        return null;
    }

    /// <summary>
    /// Elsa's <c>ExecuteWorkflowResult</c>: the child's id, status, sub-status and output, with the camelCase names Elsa's
    /// workflows read it by once it is stored (<c>getChildResult().output.Result</c> in Elsa's own tests).
    /// </summary>
    public static Dictionary<string, object?> Result(InstanceDetails child) => new(StringComparer.Ordinal)
    {
        ["workflowInstanceId"] = child.State.Id,
        ["status"] = child.State.Status.ToString(),
        ["subStatus"] = child.State.SubStatus.ToString(),
        ["output"] = child.State.Output.ToDictionary(p => p.Key, p => ValueConverter.FromJson(p.Value), StringComparer.Ordinal),
    };

    /// <summary>A child instance id that is the same for every attempt and rerun of one parent activity execution.</summary>
    internal static string ChildId(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("child:" + idempotencyKey)))[..32];
}
