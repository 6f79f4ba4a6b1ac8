using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.Tests;

/// <summary>
/// The activity's Test tab: runs that one activity, alone in a flowchart with the workflow's variables, in memory (nothing is
/// stored, no retries, at most <see cref="Timeout"/>). It runs for real: an HTTP request is sent. Studio does not catch errors
/// here, so every failure comes back as 200 with status Faulted and the exception.
/// </summary>
internal static class TestActivity
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /tests/activities (Elsa.Workflows.Api/Endpoints/Tests/Activities/Endpoint.cs)
        api.MapPost("/tests/activities", HandleAsync);

    private static async Task<JsonHttpResult<TestActivityResponse>> HandleAsync(
        HttpRequest request,
        DefinitionStore store,
        DefinitionQueries definitions,
        WorkflowBuilder builder,
        WorkflowRunner runner,
        CancellationToken cancellationToken)
    {
        try
        {
            var (body, error) = await ElsaBody.ReadAsync<TestActivityRequest>(request, cancellationToken);
            if (error is not null || body is null)
            {
                return Faulted(error ?? "The request is empty.");
            }

            var stored = await FindDefinitionAsync(body.WorkflowDefinitionHandle, store, definitions, cancellationToken);
            if (stored is null)
            {
                return Faulted("The workflow definition was not found.");
            }

            var data = (JsonObject)stored.Data.DeepClone();
            builder.Normalize(data);
            var activity = data["root"] is JsonObject root ? Find(root, body.ActivityHandle) : null;
            if (activity is null || data["root"] is not JsonObject rootJson)
            {
                return Faulted("The activity was not found in the workflow definition.");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            return ElsaResults.Json(await RunAsync(SingleActivityDefinition(data, rootJson, activity), activity, builder, runner, timeout.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ElsaResults.Json(new TestActivityResponse([], null, [], ExceptionInfo.From(ex, includeStackTrace: false), ActivityExecutionStatus.Faulted));
        }
    }

    private static async Task<TestActivityResponse> RunAsync(
        JsonObject definition, JsonObject activity, WorkflowBuilder builder, WorkflowRunner runner, CancellationToken cancellationToken)
    {
        var workflow = builder.Build(definition);
        var node = workflow.Nodes.Values.First(n => n.Parent is not null && n.Id == activity["id"]!.GetValue<string>());
        var state = runner.CreateInstance(workflow, "test-" + Guid.NewGuid().ToString("N"));
        ActivityExecutionRecord? record = null;
        for (var steps = 0; steps < 100; steps++)
        {
            var step = await runner.RunAsync(workflow, state, new Stimulus.Continue(), cancellationToken);
            record = step.Records.LastOrDefault(r => r.ActivityNodeId == node.NodeId) ?? record;
            if (!step.HasMoreWork)
            {
                break;
            }
        }

        if (record is null)
        {
            var fault = state.Incidents.LastOrDefault()?.Exception ?? (state.Fault is { } f ? new ExceptionInfo("WorkflowFault", f.Message, null, null) : null);
            return new TestActivityResponse([], null, [], fault ?? new ExceptionInfo("InvalidOperationException", "The activity did not run.", null, null),
                ActivityExecutionStatus.Faulted);
        }

        return new TestActivityResponse(
            record.ActivityState is { } s ? (JsonObject)s.DeepClone() : [],
            record.Outcomes.Count > 0 ? new JsonObject { ["Outcomes"] = new JsonArray([.. record.Outcomes.Select(o => (JsonNode?)o)]) } : null,
            record.Outputs is { } o ? (JsonObject)o.DeepClone() : [],
            record.Exception,
            record.Status);
    }

    private static async Task<StoredDefinition?> FindDefinitionAsync(
        WorkflowDefinitionHandle? handle, DefinitionStore store, DefinitionQueries definitions, CancellationToken cancellationToken)
    {
        if (handle?.DefinitionVersionId is { Length: > 0 } versionId)
        {
            return await store.GetByVersionIdAsync(versionId, cancellationToken);
        }

        if (handle?.DefinitionId is not { Length: > 0 } definitionId || !VersionOptions.TryParse(handle.VersionOptions, VersionFilter.Latest, out var versions))
        {
            return null;
        }

        return await definitions.FindAsync(definitionId, versions, cancellationToken);
    }

    /// <summary>The activity with the handle's node id (or id), anywhere in the tree.</summary>
    private static JsonObject? Find(JsonObject activity, ActivityHandle? handle)
    {
        if (handle is null)
        {
            return null;
        }

        var nodeId = activity["nodeId"]?.GetValue<string>();
        var id = activity["id"]?.GetValue<string>();
        if ((handle.ActivityNodeId is { Length: > 0 } n && n == nodeId) || (string.IsNullOrEmpty(handle.ActivityNodeId) && handle.ActivityId == id))
        {
            return activity;
        }

        return WorkflowBuilder.ChildActivities(activity).Select(child => Find(child, handle)).FirstOrDefault(found => found is not null);
    }

    /// <summary>The workflow with its flowchart reduced to this one activity, without retries.</summary>
    private static JsonObject SingleActivityDefinition(JsonObject definition, JsonObject root, JsonObject activity)
    {
        var single = (JsonObject)activity.DeepClone();
        var custom = single["customProperties"] as JsonObject ?? [];
        custom["retryPolicy"] = new JsonObject { ["maxAttempts"] = 1 };
        custom["canStartWorkflow"] = false;
        single["customProperties"] = custom;
        var copy = (JsonObject)definition.DeepClone();
        copy["root"] = new JsonObject
        {
            ["id"] = root["id"]?.DeepClone(),
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray(single),
            ["connections"] = new JsonArray(),
        };
        return copy;
    }

    private static JsonHttpResult<TestActivityResponse> Faulted(string message) =>
        ElsaResults.Json(new TestActivityResponse([], null, [], new ExceptionInfo("ArgumentException", message, null, null), ActivityExecutionStatus.Faulted));
}
