using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>Instances, the journal and activity executions (§6), with the viewer's traps of §9.3.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiInstanceTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>§6.1: a row of the instance list.</summary>
    private const string SummaryShape = """
        { "id": "i-7c2e", "definitionId": "orders-sync", "definitionVersionId": "orders-sync:v3", "version": 3,
          "status": "Running", "subStatus": "Suspended", "correlationId": null, "name": null, "incidentCount": 0,
          "createdAt": "2025-03-02T09:00:00+00:00", "updatedAt": "2025-03-02T09:00:04+00:00", "finishedAt": null }
        """;

    /// <summary>§6.2: the instance the viewer opens, with its state.</summary>
    private const string InstanceShape = """
        {
          "id": "i-7c2e", "definitionId": "orders-sync", "definitionVersionId": "orders-sync:v3", "version": 3,
          "status": "Finished", "subStatus": "Faulted", "correlationId": null, "name": null, "incidentCount": 1,
          "createdAt": "2025-03-02T09:00:00+00:00", "updatedAt": "2025-03-02T09:00:04+00:00", "finishedAt": null,
          "workflowState": {
            "id": "i-7c2e", "definitionId": "orders-sync", "definitionVersion": 3, "correlationId": null,
            "status": "Finished", "subStatus": "Faulted",
            "bookmarks": [],
            "incidents": [],
            "fault": null,
            "completionCallbacks": [],
            "activityExecutionContexts": [],
            "input": {}, "output": {}, "properties": {},
            "createdAt": "2025-03-02T09:00:00+00:00", "updatedAt": "2025-03-02T09:00:04+00:00", "finishedAt": null
          }
        }
        """;

    /// <summary>§6.2: an incident and the fault.</summary>
    private const string IncidentShape = """
        { "activityId": "a3f09c2d7e14b6a1", "activityNodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1",
          "activityType": "Acme.SendInvoice", "message": "Gateway timeout",
          "exception": { "type": "System.TimeoutException", "message": "Gateway timeout", "stackTrace": null, "innerException": null },
          "timestamp": "2025-03-02T09:00:04+00:00" }
        """;

    private const string FaultShape = """{ "exception": null, "message": "Gateway timeout", "faultedActivityId": "a3f09c2d7e14b6a1" }""";

    /// <summary>§6.3: a journal record.</summary>
    private const string LogRecordShape = """
        { "id": "log-41", "activityInstanceId": "ai-9d", "parentActivityInstanceId": null,
          "activityId": "a3f09c2d7e14b6a1", "activityType": "Acme.SendInvoice", "activityTypeVersion": 1, "activityName": "SendInvoice1",
          "nodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1", "timestamp": "2025-03-02T09:00:02.5000000+00:00", "sequence": 41,
          "eventName": "Started", "message": null, "source": null, "activityState": {}, "payload": null }
        """;

    /// <summary>§6.6: an activity execution record.</summary>
    private const string RecordShape = """
        { "id": "ai-9d", "workflowInstanceId": "i-7c2e", "activityId": "a3f09c2d7e14b6a1",
          "activityNodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1", "activityType": "Acme.SendInvoice", "activityTypeVersion": 1,
          "activityName": "SendInvoice1", "activityState": {}, "payload": null,
          "outputs": {}, "properties": {}, "metadata": {}, "exception": null,
          "startedAt": "2025-03-02T09:00:02+00:00", "completedAt": null, "hasBookmarks": false,
          "status": "Completed", "aggregateFaultCount": 0, "schedulingActivityExecutionId": null, "schedulingActivityId": null,
          "schedulingWorkflowInstanceId": null, "callStackDepth": null }
        """;

    private const string RecordSummaryShape = """
        { "id": "ai-9d", "workflowInstanceId": "i-7c2e", "activityId": "a3f09c2d7e14b6a1",
          "activityNodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1", "activityType": "Acme.SendInvoice", "activityTypeVersion": 1,
          "activityName": "SendInvoice1", "metadata": {}, "startedAt": "2025-03-02T09:00:02+00:00", "completedAt": null,
          "hasBookmarks": false, "status": "Completed" }
        """;

    private const string StatsShape = """
        { "activityId": "a", "activityNodeId": "n", "startedCount": 1, "completedCount": 1, "uncompletedCount": 0,
          "isBlocked": false, "isFaulted": false, "metadata": {} }
        """;

    private static readonly string[] s_statuses = ["Running", "Finished"];
    private static readonly string[] s_subStatuses = ["Pending", "Executing", "Suspended", "Finished", "Cancelled", "Faulted", "Interrupted"];
    private static readonly string[] s_recordStatuses = ["Pending", "Running", "Completed", "Canceled", "Faulted"];

    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Get_FinishedInstance_MatchesContractWithNonNullWorkflowState()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished", input: """{"Region":"KZ"}""");

        var instance = await _server.GetJsonAsync($"workflow-instances/{id}");

        JsonShape.AssertMatches(InstanceShape, instance);
        var state = instance["workflowState"]!;
        Assert.Equal(("Finished", "Finished"), (instance["status"]!.GetValue<string>(), instance["subStatus"]!.GetValue<string>()));
        Assert.Equal(("Finished", "Finished"), (state["status"]!.GetValue<string>(), state["subStatus"]!.GetValue<string>()));
        Assert.Equal("KZ", state["input"]!["Region"]!.GetValue<string>());
        JsonShape.AssertDate(instance["finishedAt"]);
        Assert.Equal(1, state["definitionVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_FaultedInstance_HasIncidentsAndFaultInTheState()
    {
        var id = await _server.RunAsync(Definitions.Faulting(), "Faulted");

        var instance = await _server.GetJsonAsync($"workflow-instances/{id}");

        JsonShape.AssertMatches(InstanceShape, instance);
        var incident = Assert.Single(instance["workflowState"]!["incidents"]!.AsArray());
        JsonShape.AssertMatches(IncidentShape, incident);
        Assert.Equal("Workflow1:flowchart1:fault1", incident!["activityNodeId"]!.GetValue<string>());
        JsonShape.AssertMatches(FaultShape, instance["workflowState"]!["fault"]);
        Assert.Equal(1, instance["incidentCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_SuspendedInstance_ListsBookmarksAndExecutionContexts()
    {
        var id = await _server.RunAsync(Definitions.Waiting(), "Suspended");

        var state = (await _server.GetJsonAsync($"workflow-instances/{id}"))["workflowState"]!;

        var bookmark = Assert.Single(state["bookmarks"]!.AsArray());
        JsonShape.AssertMatches("""
            { "id": "b", "name": "Event:never", "hash": "h", "payload": null, "activityNodeId": "n", "activityInstanceId": "ai", "autoBurn": true, "callbackMethodName": null }
            """, bookmark);
        Assert.Equal("Workflow1:flowchart1:wait1", bookmark!["activityNodeId"]!.GetValue<string>());
        var contexts = state["activityExecutionContexts"]!.AsArray();
        JsonShape.AssertMatches("""
            [ { "id": "c", "parentContextId": null, "scheduledActivityNodeId": "n", "ownerActivityNodeId": null, "properties": {}, "activityState": {}, "dynamicVariables": [] } ]
            """, contexts);
        Assert.Equal("Workflow1:flowchart1", contexts.Single(c => c!["parentContextId"] is null)!["scheduledActivityNodeId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_UnknownInstance_Returns404()
    {
        using var response = await _server.Client.GetAsync("workflow-instances/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_StudioRequest_MatchesPagedShapeAndFilters()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var waiting = await _server.RunAsync(Definitions.Waiting(), "Suspended");

        var all = await _server.PostJsonAsync("workflow-instances", """
            { "page": 0, "pageSize": 10, "searchTerm": "", "definitionId": null, "definitionIds": [], "correlationId": null,
              "version": null, "hasIncidents": null, "isSystem": false, "status": null, "statuses": [], "subStatus": null,
              "subStatuses": [], "orderBy": null, "orderDirection": "Descending",
              "timestampFilters": [ { "column": "CreatedAt", "operator": "GreaterThanOrEqual", "timestamp": "2020-03-01T00:00:00+00:00" } ] }
            """);
        var onlyFaulted = await _server.PostJsonAsync("workflow-instances", """{ "page": 0, "pageSize": 10, "subStatuses": ["Faulted"], "orderDirection": "Descending" }""");
        var searched = await _server.PostJsonAsync("workflow-instances", $$"""{ "page": 0, "pageSize": 10, "searchTerm": "{{waiting}}" }""");
        var running = await _server.PostJsonAsync("workflow-instances", """{ "page": 0, "pageSize": 10, "statuses": ["Running"] }""");
        var paged = await _server.PostJsonAsync("workflow-instances", """{ "page": 1, "pageSize": 2, "orderBy": "Created", "orderDirection": "Ascending" }""");
        var future = await _server.PostJsonAsync("workflow-instances", """
            { "page": 0, "pageSize": 10, "timestampFilters": [ { "column": "CreatedAt", "operator": "GreaterThan", "timestamp": "2999-01-01T00:00:00+00:00" } ] }
            """);

        JsonShape.AssertMembers(all, "items", "totalCount");
        JsonShape.AssertMatches($$"""{ "items": [ {{SummaryShape}} ], "totalCount": 3 }""", all);
        Assert.All(all["items"]!.AsArray(), i => Assert.Contains(i!["status"]!.GetValue<string>(), s_statuses));
        Assert.All(all["items"]!.AsArray(), i => Assert.Contains(i!["subStatus"]!.GetValue<string>(), s_subStatuses));
        Assert.Equal([waiting, faulted, finished], all["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(3, all["totalCount"]!.GetValue<int>());
        Assert.Equal([faulted], onlyFaulted["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([waiting], searched["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([waiting], running["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([waiting], paged["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(3, paged["totalCount"]!.GetValue<int>());
        Assert.Empty(future["items"]!.AsArray());
        Assert.Equal(0, future["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Journal_FilteredByNodeIds_IsOldestFirstWithTotalCountAndPaging()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        const string Filter = """
            {"filter":{"activityIds":null,"activityNodeIds":["Workflow1:flowchart1:start1","Workflow1:flowchart1:write1","Workflow1:flowchart1:set1","Workflow1:flowchart1:loop1"],
              "excludedActivityTypes":["Elsa.Workflow","Elsa.Flowchart"],"eventNames":null}}
            """;

        var journal = await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=109", Filter);
        var page = await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=2&take=3", Filter);
        var unfiltered = await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=109", "");
        var completedOnly = await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=109",
            """{"filter":{"activityNodeIds":["Workflow1:flowchart1:write1"],"eventNames":["Completed"]}}""");

        JsonShape.AssertMembers(journal, "items", "totalCount");
        JsonShape.AssertMatches($$"""{ "items": [ {{LogRecordShape}} ], "totalCount": 9 }""", journal);
        var items = journal["items"]!.AsArray();
        // Started and Completed of four activities and the line WriteLine wrote; the loop body's records are not in the filter.
        Assert.Equal(9, journal["totalCount"]!.GetValue<int>());
        Assert.Equal(items.Select(i => i!["sequence"]!.GetValue<long>()).Order(), items.Select(i => i!["sequence"]!.GetValue<long>()));
        Assert.Equal("Workflow1:flowchart1:start1", items[0]!["nodeId"]!.GetValue<string>());
        Assert.Equal("Started", items[0]!["eventName"]!.GetValue<string>());
        Assert.DoesNotContain(items, i => i!["activityType"]!.GetValue<string>() == "Elsa.Flowchart");
        Assert.Equal(items.Skip(2).Take(3).Select(i => i!["id"]!.GetValue<string>()), page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(9, page["totalCount"]!.GetValue<int>());
        Assert.True(unfiltered["totalCount"]!.GetValue<int>() > 9);
        Assert.Equal("Completed", Assert.Single(completedOnly["items"]!.AsArray())!["eventName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Variables_MatchTheDefinitionsVariableIds()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        var variables = await _server.GetJsonAsync($"workflow-instances/{id}/variables");

        JsonShape.AssertMembers(variables, "items", "count");
        JsonShape.AssertMatches("""{"items":[{"id":"4f1c0a9e2b7d3c10","name":"OrderCount","value":null}],"count":1}""", variables);
        var variable = Assert.Single(variables["items"]!.AsArray())!;
        Assert.Equal(("var-OrderCount", "OrderCount", 3), (variable["id"]!.GetValue<string>(), variable["name"]!.GetValue<string>(), variable["value"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ExecutionState_SuspendedInstance_UsesTheWorkflowSubStatusMember()
    {
        var id = await _server.RunAsync(Definitions.Waiting(), "Suspended");

        var state = await _server.GetJsonAsync($"workflow-instances/{id}/execution-state");

        JsonShape.AssertMembers(state, "status", "workflowSubStatus", "updatedAt");
        JsonShape.AssertMatches("""{"status":"Running","workflowSubStatus":"Suspended","updatedAt":"2025-03-02T09:00:04+00:00"}""", state);
        Assert.Equal(("Running", "Suspended"), (state["status"]!.GetValue<string>(), state["workflowSubStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ActivityExecutions_ListAndById_MatchContractAndFinishedRecordsHaveActivityState()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        var list = await _server.GetJsonAsync($"activity-executions/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1%3Awrite1");
        var root = await _server.GetJsonAsync($"activity-executions/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1");
        var record = Assert.Single(list["items"]!.AsArray())!;
        var byId = await _server.GetJsonAsync($"activity-executions/by-id?id={record["id"]}");

        JsonShape.AssertMembers(list, "items", "count");
        JsonShape.AssertMatches($$"""{ "items": [ {{RecordShape}} ], "count": 1 }""", list);
        JsonShape.AssertMatches(RecordShape, byId);
        Assert.Equal("Completed", byId["status"]!.GetValue<string>());
        Assert.Equal("hello", byId["activityState"]!["Text"]!.GetValue<string>());
        Assert.Equal(["Done"], byId["payload"]!["Outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        JsonShape.AssertDate(byId["completedAt"]);
        var rootRecord = Assert.Single(root["items"]!.AsArray())!;
        Assert.IsType<JsonObject>(rootRecord["activityState"]);
        Assert.All(list["items"]!.AsArray(), r => Assert.Contains(r!["status"]!.GetValue<string>(), s_recordStatuses));
    }

    [Fact]
    public async Task ActivityExecutions_FinishedRecordStoredWithoutState_StillAnswersAnActivityStateObject()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        await using (var cmd = _server.Harness.DataSource.CreateCommand(
            """
            UPDATE activity_execution_steps s
            SET records = (SELECT json_agg(CASE WHEN r->>'activity_node_id' = 'Workflow1:flowchart1:start1'
                    THEN (r::jsonb - 'activity_state' - 'outputs' - 'outcomes' - 'exception')::json ELSE r END ORDER BY n)
                FROM json_array_elements(s.records) WITH ORDINALITY AS e (r, n))
            WHERE instance_id = $1 AND EXISTS (SELECT 1 FROM json_array_elements(s.records) r WHERE r->>'activity_node_id' = 'Workflow1:flowchart1:start1')
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        var list = await _server.GetJsonAsync($"activity-executions/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1%3Astart1");
        var byId = await _server.GetJsonAsync($"activity-executions/by-id?id={list["items"]![0]!["id"]}");

        Assert.IsType<JsonObject>(byId["activityState"]);
        Assert.IsType<JsonObject>(list["items"]![0]!["activityState"]);
    }

    [Fact]
    public async Task ActivityExecutionSummaries_List_MatchesSummaryShapeWithoutState()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        var summaries = await _server.GetJsonAsync($"activity-execution-summaries/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1%3Aloop1%3Abody1");

        JsonShape.AssertMembers(summaries, "items", "count");
        JsonShape.AssertMatches($$"""{ "items": [ {{RecordSummaryShape}} ], "count": 2 }""", summaries);
        Assert.Equal(2, summaries["count"]!.GetValue<int>()); // the body ran once per item
        Assert.DoesNotContain("activityState", summaries["items"]![0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Report_PerNode_CountsExecutionsAndMarksBlockedAndFaulted()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var waiting = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");

        var loop = await _server.PostJsonAsync("activity-executions/report",
            $$"""{"workflowInstanceId":"{{finished}}","activityNodeIds":["Workflow1:flowchart1:loop1","Workflow1:flowchart1:loop1:body1"]}""");
        var blocked = await _server.PostJsonAsync("activity-executions/report", $$"""{"workflowInstanceId":"{{waiting}}","activityNodeIds":["Workflow1:flowchart1:wait1"]}""");
        var fault = await _server.PostJsonAsync("activity-executions/report", $$"""{"workflowInstanceId":"{{faulted}}","activityNodeIds":["Workflow1:flowchart1:fault1"]}""");

        JsonShape.AssertMembers(loop, "stats");
        JsonShape.AssertMatches($$"""{ "stats": [ {{StatsShape}} ] }""", loop);
        var body = loop["stats"]!.AsArray().Single(s => s!["activityNodeId"]!.GetValue<string>() == "Workflow1:flowchart1:loop1:body1")!;
        Assert.Equal((2, 2, 0), (body["startedCount"]!.GetValue<int>(), body["completedCount"]!.GetValue<int>(), body["uncompletedCount"]!.GetValue<int>()));
        var wait = Assert.Single(blocked["stats"]!.AsArray())!;
        Assert.Equal((true, 0, 1), (wait["isBlocked"]!.GetValue<bool>(), wait["completedCount"]!.GetValue<int>(), wait["uncompletedCount"]!.GetValue<int>()));
        Assert.True(Assert.Single(fault["stats"]!.AsArray())!["isFaulted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CallStack_LoopBodyExecution_ListsItsContainersRootFirst()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var body = await _server.GetJsonAsync($"activity-executions/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1%3Aloop1%3Abody1");
        var recordId = body["items"]![1]!["id"]!.GetValue<string>();

        var stack = await _server.GetJsonAsync($"activity-executions/{recordId}/call-stack?includeCrossWorkflowChain=True");

        JsonShape.AssertMatches($$"""{ "activityExecutionId": "x", "items": [ {{RecordShape}} ], "totalCount": 3 }""", stack);
        Assert.Equal(recordId, stack["activityExecutionId"]!.GetValue<string>());
        Assert.Equal(
            ["Workflow1:flowchart1", "Workflow1:flowchart1:loop1", "Workflow1:flowchart1:loop1:body1"],
            stack["items"]!.AsArray().Select(i => i!["activityNodeId"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2], stack["items"]!.AsArray().Select(i => i!["callStackDepth"]!.GetValue<int>()));
        Assert.Equal(recordId, stack["items"]![2]!["id"]!.GetValue<string>());
        Assert.Equal(3, stack["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cancel_BodylessPost_Answers2xxAndTheInstanceEndsCancelled()
    {
        var id = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"cancel/workflow-instances/{id}"); // no body, no Content-Type, as Studio

        using var response = await _server.Client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        await _server.WaitForAsync(id, "Cancelled");
        using var again = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"cancel/workflow-instances/{id}"));
        Assert.True(again.IsSuccessStatusCode);
        using var unknown = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "cancel/workflow-instances/nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task BulkCancel_ByDefinitionVersion_CancelsItsRunningInstances()
    {
        var first = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var second = await _server.ExecuteAsync("waiting");
        await _server.WaitForAsync(second, "Suspended");

        var response = await _server.PostJsonAsync("bulk-actions/cancel/workflow-instances",
            """{"ids":null,"definitionVersionId":"waiting:v1","definitionId":null,"versionOptions":null}""");

        Assert.Equal(2, response["count"]!.GetValue<int>());
        await _server.WaitForAsync(first, "Cancelled");
        await _server.WaitForAsync(second, "Cancelled");
    }

    [Fact]
    public async Task Delete_InstanceAndBulkDelete_RemoveThemWithTheirJournal()
    {
        var first = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var second = await _server.ExecuteAsync("orders-sync");
        var third = await _server.ExecuteAsync("orders-sync");
        await _server.WaitForAsync(third, "Finished");
        await _server.WaitForAsync(second, "Finished");

        using var deleted = await _server.Client.DeleteAsync($"workflow-instances/{first}");
        var bulk = await _server.PostJsonAsync("bulk-actions/delete/workflow-instances/by-id", $$"""{"ids":["{{second}}","{{third}}","nope"]}""");

        Assert.True(deleted.IsSuccessStatusCode);
        Assert.Equal(2, bulk["deleted"]!.GetValue<int>());
        using var gone = await _server.Client.GetAsync($"workflow-instances/{first}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM execution_log"));
    }

    [Fact]
    public async Task Retry_FaultedInstance_Answers202_NothingToRetry409_Unknown404()
    {
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        var queued = await _server.PostJsonAsync($"workflow-instances/{faulted}/retry", "", HttpStatusCode.Accepted);
        var nothing = await _server.PostJsonAsync($"workflow-instances/{finished}/retry", "", HttpStatusCode.Conflict);
        using var unknown = await _server.Client.PostAsync("workflow-instances/nope/retry", null);

        Assert.Equal(faulted, queued["workflowInstanceId"]!.GetValue<string>());
        Assert.NotEmpty(nothing["errors"]!["generalErrors"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await WaitForJournalAsync(faulted, log => log.Count(l => l!["eventName"]!.GetValue<string>() == "Faulted" && l["nodeId"]!.GetValue<string>().EndsWith(":fault1", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task RetryFaulted_RetriesEveryFaultedInstance_OrThoseOfOneDefinition()
    {
        var first = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var second = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var definitionId = (await _server.GetJsonAsync($"workflow-instances/{first}"))["definitionId"]!.GetValue<string>();

        var none = await _server.PostJsonAsync("workflow-instances/retry-faulted?definitionId=no-such-definition", "");
        var all = await _server.PostJsonAsync($"workflow-instances/retry-faulted?definitionId={definitionId}", "");

        Assert.Empty(none["workflowInstanceIds"]!.AsArray());
        var retried = all["workflowInstanceIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Contains(first, retried);
        Assert.Contains(second, retried);
        Assert.DoesNotContain(finished, retried);
        foreach (var id in new[] { first, second })
        {
            await WaitForJournalAsync(id, log => log.Count(l => l!["eventName"]!.GetValue<string>() == "Faulted" && l["nodeId"]!.GetValue<string>().EndsWith(":fault1", StringComparison.Ordinal)) >= 2);
        }
    }

    [Fact]
    public async Task Replay_FinishedInstance_AnswersTheNewInstanceId()
    {
        var original = await _server.RunAsync(Definitions.OrdersSync(), "Finished", input: """{"Region":"KZ"}""");

        var response = await _server.PostJsonAsync($"workflow-instances/{original}/replay", "");

        var replay = response["workflowInstanceId"]!.GetValue<string>();
        Assert.NotEqual(original, replay);
        await _server.WaitForAsync(replay, "Finished");
        var instance = await _server.GetJsonAsync($"workflow-instances/{replay}");
        Assert.Equal(original, instance["replayOf"]!.GetValue<string>());
        Assert.Equal("KZ", instance["workflowState"]!["input"]!["Region"]!.GetValue<string>());
        using var unknown = await _server.Client.PostAsync("workflow-instances/nope/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AlterationsRetry_AnswersElsasResultShape()
    {
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");

        var response = await _server.PostJsonAsync("alterations/workflows/retry", $$"""{"workflowInstanceIds":["{{faulted}}","nope"]}""");

        JsonShape.AssertMatches("""
            {"results":[{"workflowInstanceId":"…","log":{"logEntries":[]},"workflowHasScheduledWork":true,"isSuccessful":true}]}
            """, response);
        var results = response["results"]!.AsArray();
        Assert.True(results.Single(r => r!["workflowInstanceId"]!.GetValue<string>() == faulted)!["isSuccessful"]!.GetValue<bool>());
        Assert.False(results.Single(r => r!["workflowInstanceId"]!.GetValue<string>() == "nope")!["isSuccessful"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Export_Instance_IsAJsonFileWithStateRecordsAndJournal()
    {
        var id = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        using var response = await _server.Client.GetAsync($"workflow-instances/{id}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition);
        var file = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        JsonShape.AssertMatches($$"""{ "workflowInstance": {{InstanceShape}}, "activityExecutionRecords": [ {{RecordShape}} ], "workflowExecutionLogRecords": [ {{LogRecordShape}} ] }""", file);
        Assert.NotEmpty(file["workflowExecutionLogRecords"]!.AsArray());
        using var zip = await _server.Client.PostAsync("bulk-actions/export/workflow-instances",
            new StringContent($$"""{"ids":["{{id}}","nope"]}""", System.Text.Encoding.UTF8, "application/json"));
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal($"workflow-instance-{id}.json", Assert.Single(archive.Entries).Name);
    }

    [Fact]
    public async Task TestActivity_WriteLine_CompletesWithItsActivityState()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var result = await _server.PostJsonAsync("tests/activities", """
            {"workflowDefinitionHandle":{"definitionId":null,"versionOptions":null,"definitionVersionId":"orders-sync:v1"},
             "activityHandle":{"activityId":null,"activityNodeId":"Workflow1:flowchart1:write1","activityInstanceId":null,"activityHash":null}}
            """);

        JsonShape.AssertMatches("""{"activityState":{},"payload":{"Outcomes":["Done"]},"outputs":{},"exception":null,"status":"Completed"}""", result);
        Assert.Equal("Completed", result["status"]!.GetValue<string>());
        Assert.Equal("hello", result["activityState"]!["Text"]!.GetValue<string>());
    }

    [Fact]
    public async Task TestActivity_UnknownActivity_Answers200Faulted()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var result = await _server.PostJsonAsync("tests/activities", """
            {"workflowDefinitionHandle":{"definitionVersionId":"orders-sync:v1"},"activityHandle":{"activityNodeId":"Workflow1:flowchart1:nope"}}
            """);

        Assert.Equal("Faulted", result["status"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, result["exception"]!["message"]!.GetValueKind());
        Assert.IsType<JsonObject>(result["activityState"]);
    }


    private Task WaitForJournalAsync(string instanceId, Func<JsonArray, bool> condition) =>
        Support.WorkflowServerHarness.WaitUntilAsync(
            async () => condition((await _server.PostJsonAsync($"workflow-instances/{instanceId}/journal?skip=0&take=1000", ""))["items"]!.AsArray()),
            TimeSpan.FromSeconds(30),
            $"the journal of {instanceId}");
}
