using System.Net;
using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// <c>POST /alterations/submit</c> (§6.1, the instance list's bulk Cancel "all matching"): Elsa's <c>AlterationPlanParams</c>
/// → <c>{"planId": "…"}</c>, the plan's cancel applied to every instance its <c>AlterationWorkflowInstanceFilter</c> matches.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiAlterationTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>What the Studio reads back (Elsa's <c>SubmitResponse</c>).</summary>
    private const string PlanShape = """{ "planId": "0193a5c2e4b87f01a2b3c4d5e6f70812" }""";

    /// <summary>§1.4: a validation failure as FastEndpoints (Elsa) answers it.</summary>
    private const string ErrorShape = """{ "statusCode": 400, "message": "…", "errors": { "generalErrors": [ "…" ] } }""";

    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Submit_StudiosCancelAllMatching_CancelsTheMatchingInstancesOnly()
    {
        var first = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var second = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var other = await _server.RunAsync(Definitions.Waiting("waiting-b"), "Suspended");
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");

        // The body WorkflowInstanceList.OnBulkCancelClicked builds with "apply to all matching", filtered to one definition.
        var response = await _server.PostJsonAsync("alterations/submit", """
            {"id":null,"alterations":[{"type":"Cancel"}],
             "filter":{"emptyFilterSelectsAll":true,"workflowInstanceIds":null,"correlationIds":null,"names":null,"searchTerm":"",
               "timestampFilters":[{"column":"CreatedAt","operator":"GreaterThanOrEqual","timestamp":"2020-01-01T00:00:00+00:00"}],
               "definitionIds":["waiting"],"definitionVersionIds":null,"hasIncidents":null,"isSystem":false,
               "statuses":["Running"],"subStatuses":null,"activityFilters":null}}
            """);

        JsonShape.AssertMembers(response, "planId");
        JsonShape.AssertMatches(PlanShape, response);
        Assert.False(string.IsNullOrWhiteSpace(response["planId"]!.GetValue<string>()));
        await _server.WaitForAsync(first, "Cancelled");
        await _server.WaitForAsync(second, "Cancelled");
        Assert.Equal("Suspended", await SubStatusAsync(other));
        Assert.Equal("Finished", await SubStatusAsync(finished));
    }

    [Fact]
    public async Task Submit_FilterMembers_NarrowTheInstancesAndAnEmptyFilterMatchesNothing()
    {
        var first = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var second = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var other = await _server.RunAsync(Definitions.Waiting("waiting-b"), "Suspended");
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");

        var empty = await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"Cancel"}],"filter":{"emptyFilterSelectsAll":false}}""");
        var noFilter = await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"Cancel"}]}""");
        var future = await _server.PostJsonAsync("alterations/submit", """
            {"alterations":[{"type":"Cancel"}],"filter":{"timestampFilters":[{"column":"CreatedAt","operator":"GreaterThan","timestamp":"2999-01-01T00:00:00+00:00"}]}}
            """);
        Assert.Equal(0, await CancelsQueuedAsync());

        var byId = await _server.PostJsonAsync("alterations/submit", $$$"""{"id":"plan-7","alterations":[{"type":"Cancel"}],"filter":{"workflowInstanceIds":["{{{other}}}"]}}""");
        var again = await _server.PostJsonAsync("alterations/submit", $$$"""{"id":"plan-7","alterations":[{"type":"Cancel"},{"type":"Cancel"}],"filter":{"workflowInstanceIds":["{{{other}}}"]}}""");
        Assert.InRange(await CancelsQueuedAsync(), 0L, 1L); // a repeated plan queues no second cancel
        await _server.WaitForAsync(other, "Cancelled");
        await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"cancel"}],"filter":{"subStatuses":["faulted"],"hasIncidents":true}}""");
        await _server.WaitForAsync(faulted, "Cancelled");
        await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"Cancel"}],"filter":{"activityFilters":[{"nodeId":"Workflow1:flowchart1:wait1","name":null}]}}""");
        await _server.WaitForAsync(first, "Cancelled");
        await _server.WaitForAsync(second, "Cancelled");

        Assert.All(new[] { empty, noFilter, future }, r => JsonShape.AssertMatches(PlanShape, r));
        Assert.Equal("plan-7", byId["planId"]!.GetValue<string>());
        Assert.Equal("plan-7", again["planId"]!.GetValue<string>());
        Assert.NotEqual(empty["planId"]!.GetValue<string>(), noFilter["planId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_UnsupportedTypeOrBadFilter_Returns400AndCancelsNothing()
    {
        var waiting = await _server.RunAsync(Definitions.Waiting(), "Suspended");

        var migrate = await _server.PostJsonAsync("alterations/submit",
            """{"alterations":[{"type":"Migrate","targetVersion":2},{"type":"Cancel"}],"filter":{"emptyFilterSelectsAll":true}}""", HttpStatusCode.BadRequest);
        var untyped = await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"kind":"Cancel"}],"filter":{"emptyFilterSelectsAll":true}}""", HttpStatusCode.BadRequest);
        var none = await _server.PostJsonAsync("alterations/submit", """{"id":null,"alterations":[],"filter":{"emptyFilterSelectsAll":true}}""", HttpStatusCode.BadRequest);
        var noBody = await _server.PostJsonAsync("alterations/submit", "", HttpStatusCode.BadRequest);
        var status = await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"Cancel"}],"filter":{"statuses":["Sleeping"]}}""", HttpStatusCode.BadRequest);
        var column = await _server.PostJsonAsync("alterations/submit",
            """{"alterations":[{"type":"Cancel"}],"filter":{"timestampFilters":[{"column":"StartedAt","operator":"Is","timestamp":"2025-01-01T00:00:00+00:00"}]}}""",
            HttpStatusCode.BadRequest);
        var broken = await _server.PostJsonAsync("alterations/submit", """{"alterations":[{"type":"Cancel"}],"filter":{"statuses":"Running"}}""", HttpStatusCode.BadRequest);

        foreach (var response in new[] { migrate, untyped, none, noBody, status, column, broken })
        {
            JsonShape.AssertMatches(ErrorShape, response);
        }

        Assert.Equal("The alteration type 'Migrate' is not supported: this server can apply Cancel only.", Assert.Single(Errors(migrate)));
        Assert.Equal("An alteration has no 'type'.", Assert.Single(Errors(untyped)));
        Assert.StartsWith("The plan has no alterations", Assert.Single(Errors(none)), StringComparison.Ordinal);
        Assert.StartsWith("The plan has no alterations", Assert.Single(Errors(noBody)), StringComparison.Ordinal);
        Assert.StartsWith("'Sleeping' is not a status", Assert.Single(Errors(status)), StringComparison.Ordinal);
        Assert.Contains("'StartedAt Is' is not known", Assert.Single(Errors(column)), StringComparison.Ordinal);
        Assert.StartsWith("The request body is not valid", Assert.Single(Errors(broken)), StringComparison.Ordinal);
        Assert.Equal(0, await CancelsQueuedAsync());
        Assert.Equal("Suspended", await SubStatusAsync(waiting));
    }

    private static IEnumerable<string> Errors(JsonNode response) => response["errors"]!["generalErrors"]!.AsArray().Select(e => e!.GetValue<string>());

    private Task<long> CancelsQueuedAsync() => _server.Harness.ScalarAsync("SELECT count(*) FROM work_items WHERE kind = 'Cancel'");

    private async Task<string> SubStatusAsync(string id) => (await _server.GetJsonAsync($"workflow-instances/{id}"))["subStatus"]!.GetValue<string>();

}
