using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class FlowchartTests
{
    // Written by hand from the Studio contract (elsa-studio-api.md §4), not produced by our code: designer metadata,
    // customProperties, nodeIds, a variable picker object on SetVariable and Studio's string variable values.
    private const string CounterLoopDefinition = """
        {
          "id": "counter-loop:v1",
          "definitionId": "counter-loop",
          "name": "Counter loop",
          "description": "Counts to five.",
          "createdAt": "2025-03-02T08:15:00.0000000+00:00",
          "version": 1,
          "toolVersion": "3.8.0.0",
          "isLatest": true,
          "isPublished": false,
          "isReadonly": false,
          "isSystem": false,
          "materializerName": "Json",
          "providerName": null,
          "materializerContext": null,
          "options": {
            "activationStrategyType": null,
            "usableAsActivity": false,
            "autoUpdateConsumingWorkflows": false,
            "activityCategory": null,
            "incidentStrategyType": null,
            "commitStrategyName": null
          },
          "variables": [
            { "id": "4f1c0a9e2b7d3c10", "name": "Counter", "typeName": "Int32", "isArray": false, "value": "0",
              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }
          ],
          "inputs": [],
          "outputs": [],
          "outcomes": [],
          "customProperties": { "VariableTestValues": {} },
          "root": {
            "id": "flowchart1",
            "nodeId": "Workflow1:flowchart1",
            "name": "Flowchart1",
            "type": "Elsa.Flowchart",
            "version": 1,
            "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
            "metadata": {},
            "variables": [],
            "activities": [
              {
                "id": "0b6e2d4c8a1f3e57",
                "nodeId": "Workflow1:flowchart1:0b6e2d4c8a1f3e57",
                "name": "Start1",
                "type": "Elsa.Start",
                "version": 1,
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": {
                  "designer": { "position": { "x": -240, "y": 40 }, "size": { "width": 102.21875, "height": 50 } }
                }
              },
              {
                "id": "a3f09c2d7e14b6a1",
                "nodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1",
                "name": "SetVariable1",
                "type": "Elsa.SetVariable",
                "version": 1,
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": {
                  "displayText": "Increment the counter",
                  "showDescription": false,
                  "designer": { "position": { "x": 0, "y": 40 }, "size": { "width": 170.421875, "height": 54 } }
                },
                "variable": { "id": "4f1c0a9e2b7d3c10", "name": "Counter", "typeName": "Int32", "isArray": false, "value": "0",
                              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" },
                "value": {
                  "typeName": "Object",
                  "expression": { "type": "CSharp", "value": "Variables.Counter + 1" },
                  "memoryReference": { "id": "a3f09c2d7e14b6a1:input-value" }
                }
              },
              {
                "id": "c81d5e3b2a9f7c64",
                "nodeId": "Workflow1:flowchart1:c81d5e3b2a9f7c64",
                "name": "Decision1",
                "type": "Elsa.FlowDecision",
                "version": 1,
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": {
                  "designer": { "position": { "x": 260, "y": 40 }, "size": { "width": 139.5, "height": 54 } }
                },
                "condition": {
                  "typeName": "Boolean",
                  "expression": { "type": "CSharp", "value": "Variables.Counter < 5" },
                  "memoryReference": { "id": "c81d5e3b2a9f7c64:input-condition" }
                }
              },
              {
                "id": "e2f47a0c6d9b1e38",
                "nodeId": "Workflow1:flowchart1:e2f47a0c6d9b1e38",
                "name": "WriteLine1",
                "type": "Elsa.WriteLine",
                "version": 1,
                "metadata": {
                  "designer": { "position": { "x": 520, "y": 120 }, "size": { "width": 0, "height": 0 } }
                },
                "text": {
                  "typeName": null,
                  "expression": { "type": "CSharp", "value": "$\"Counted to {Variables.Counter}\"" },
                  "memoryReference": null
                }
              }
            ],
            "connections": [
              { "source": { "activity": "0b6e2d4c8a1f3e57", "port": "Done" },
                "target": { "activity": "a3f09c2d7e14b6a1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "a3f09c2d7e14b6a1", "port": "Done" },
                "target": { "activity": "c81d5e3b2a9f7c64", "port": "In" }, "vertices": [] },
              { "source": { "activity": "c81d5e3b2a9f7c64", "port": "True" },
                "target": { "activity": "a3f09c2d7e14b6a1", "port": "In" },
                "vertices": [ { "x": 330, "y": -40 }, { "x": 85, "y": -40 } ] },
              { "source": { "activity": "c81d5e3b2a9f7c64", "port": "False" },
                "target": { "activity": "e2f47a0c6d9b1e38", "port": "In" }, "vertices": [] }
            ]
          },
          "links": [
            { "href": "/workflow-definitions/counter-loop/publish", "rel": "publish", "method": "POST" }
          ]
        }
        """;

    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Theory]
    [InlineData(500, "Needs approval")]
    [InlineData(50, "Approved automatically")]
    public async Task FlowDecision_Condition_RoutesToMatchingBranchOnly(int amount, string expectedLine)
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Decision("decision", "Input.Amount > 100")
            .WriteLine("manual", "Needs approval")
            .WriteLine("automatic", "Approved automatically")
            .Connect("decision", "manual", "True")
            .Connect("decision", "automatic", "False"));
        var state = _harness.Start(workflow, new JsonObject { ["Amount"] = amount });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal([expectedLine], run.Lines);
        var decision = Assert.Single(run.Records, r => r.ActivityId == "decision");
        Assert.Equal([amount > 100 ? "True" : "False"], decision.Outcomes);
        Assert.Single(run.Records, r => r.ActivityId == (amount > 100 ? "manual" : "automatic"));
        Assert.DoesNotContain(run.Records, r => r.ActivityId == (amount > 100 ? "automatic" : "manual"));
    }

    [Fact]
    public async Task FlowJoin_WaitAllAfterFork_ContinuesOnceAfterBothBranches()
    {
        // The second branch is longer, so a join that did not wait would run "after" between b1 and b2.
        var workflow = _harness.Build(UnevenForkIntoJoin("WaitAll"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(1, run.CompletedCount("join"));
        Assert.Equal(1, run.CompletedCount("after"));
        Assert.Equal("after", run.Lines[^1]);
        Assert.True(run.Sequence("after", "Started") > run.Sequence("a1", "Completed"));
        Assert.True(run.Sequence("after", "Started") > run.Sequence("b2", "Completed"));
    }

    [Theory]
    [InlineData(true, "express")]
    [InlineData(false, "standard2")]
    public async Task FlowJoin_WaitAllActiveWithBranchSkippedByDecision_RunsAfterTheTakenBranch(bool express, string takenBranchEnd)
    {
        var workflow = _harness.Build(DecisionIntoJoin("WaitAllActive"));
        var state = _harness.Start(workflow, new JsonObject { ["Express"] = express });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(express ? ["express", "after"] : ["standard1", "standard2", "after"], run.Lines);
        Assert.True(run.Sequence("after", "Started") > run.Sequence(takenBranchEnd, "Completed"));
        Assert.Empty(run.State.Frames);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FlowJoin_WaitAllWithBranchSkippedByDecision_IsSkippedAndTheWorkflowFinishes(bool express)
    {
        // Elsa's counter-based WaitAll: every inbound connection visited, but not all taken: the join and what follows it are skipped.
        var workflow = _harness.Build(DecisionIntoJoin("WaitAll"));
        var state = _harness.Start(workflow, new JsonObject { ["Express"] = express });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(express ? ["express"] : ["standard1", "standard2"], run.Lines);
        Assert.Equal(0, run.CompletedCount("join"));
        Assert.Empty(run.State.Frames);
    }

    [Fact]
    public async Task ImplicitJoin_AfterFork_RunsOnceAfterBothBranches()
    {
        // Counter-based (Elsa's default): an activity with two inbound connections waits until both were visited.
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("fork", "fork")
            .WriteLine("a1", "a1")
            .WriteLine("b1", "b1")
            .WriteLine("b2", "b2")
            .WriteLine("after", "after")
            .Chain("fork", "a1", "after")
            .Chain("fork", "b1", "b2", "after"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["fork", "a1", "b1", "b2", "after"], run.Lines);
    }

    [Fact]
    public async Task FlowJoin_WaitAnyByDefault_ContinuesOnceAndCancelsTheOtherBranch()
    {
        var workflow = _harness.Build(UnevenForkIntoJoin(mode: null));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(1, run.CompletedCount("after"));
        Assert.Equal(0, run.CompletedCount("b2"));
        Assert.True(run.Sequence("after", "Started") > run.Sequence("a1", "Completed"));
    }

    [Fact]
    public async Task FlowJoin_WaitAnyWhenBothBranchesArrive_ContinuesOnce()
    {
        // Two effect activities run side by side in one batch: both effects happen, the first to complete fires the join,
        // and the other, cancelled by the join while it ran, sends nothing on.
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("fork", "fork")
            .Add("effectA", "Test.RecordIdempotencyKey")
            .Add("effectB", "Test.RecordIdempotencyKey")
            .Join("join", "WaitAny")
            .WriteLine("after", "after")
            .Chain("fork", "effectA", "join")
            .Chain("fork", "effectB", "join")
            .Chain("join", "after"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(2, RecordIdempotencyKey.Keys(state.Id).Count);
        Assert.Equal(1, run.CompletedCount("effectA"));
        Assert.Equal(0, run.CompletedCount("effectB"));
        Assert.Equal(1, run.CompletedCount("join"));
        Assert.Equal(1, run.CompletedCount("after"));
    }

    [Fact]
    public async Task FlowJoin_WaitAnyWithBranchSuspendedOnEvent_ContinuesOnOtherBranchAndCancelsBookmark()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("fork", "fork")
            .Event("approval", "approved")
            .Event("timeout", "timed-out")
            .Join("join", "WaitAny")
            .WriteLine("after", "after")
            .Chain("fork", "approval", "join")
            .Chain("fork", "timeout", "join")
            .Chain("join", "after"));
        var state = _harness.Start(workflow);
        var first = await _harness.RunAsync(workflow, state);
        Assert.True(first.State.SubStatus == WorkflowSubStatus.Suspended, first.State.Fault?.Message);
        Assert.Equal(["Event:approved", "Event:timed-out"], state.Bookmarks.Select(b => b.Name).Order());
        var approvalBookmark = state.Bookmarks.Single(b => b.Name == "Event:approved").Id;

        var run = await _harness.ResumeAsync(workflow, state, "Event:timed-out");

        run.AssertFinished();
        Assert.Empty(run.State.Bookmarks);
        Assert.Empty(run.State.Frames);
        Assert.Contains(approvalBookmark, run.Steps[0].BookmarksRemoved);
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(run.Records, r => r.ActivityId == "approval").Status);
        Assert.Equal(0, run.CompletedCount("approval"));
        Assert.Equal(1, run.CompletedCount("after"));
    }

    [Fact]
    public async Task Loop_StudioDefinitionCountingToFive_EndsWithCounterFive()
    {
        var workflow = _harness.Build(CounterLoopDefinition);
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Empty(run.State.Incidents);
        Assert.Equal(5, run.State.Variables["Counter"]!.GetValue<long>());
        Assert.Equal(["Counted to 5"], run.Lines);
        Assert.Equal(5, run.CompletedCount("a3f09c2d7e14b6a1"));
        var decisions = run.Log.Where(l => l.ActivityId == "c81d5e3b2a9f7c64" && l.EventName == "Completed").OrderBy(l => l.Sequence);
        Assert.Equal(["True", "True", "True", "True", "False"], decisions.Select(l => (string?)l.Payload!["Outcomes"]![0]));
        Assert.All(run.Records, r => Assert.Equal(
            r.ActivityId == "flowchart1" ? "Workflow1:flowchart1" : $"Workflow1:flowchart1:{r.ActivityId}", r.ActivityNodeId));
    }

    [Fact]
    public async Task Finish_WithAnotherBranchSuspendedOnBookmark_EndsWorkflow()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("fork", "fork")
            .Event("wait", "never")
            .Event("stop", "stop")
            .WriteLine("after-wait", "after-wait")
            .Finish()
            .Chain("fork", "wait", "after-wait")
            .Chain("fork", "stop", "finish"));
        var state = _harness.Start(workflow);
        await _harness.RunAsync(workflow, state);
        Assert.Equal(2, state.Bookmarks.Count);
        var waitBookmark = state.Bookmarks.Single(b => b.Name == "Event:never").Id;

        var run = await _harness.ResumeAsync(workflow, state, "Event:stop");

        run.AssertFinished();
        Assert.Empty(run.State.Bookmarks);
        Assert.Empty(run.State.Frames);
        Assert.Empty(run.State.Queue);
        Assert.Contains(waitBookmark, run.Steps[0].BookmarksRemoved);
        Assert.Empty(run.Lines);
    }

    /// <summary>decision (True) → express → join, (False) → standard1 → standard2 → join, then join → after.</summary>
    private static FlowchartJson DecisionIntoJoin(string mode) => new FlowchartJson()
        .Decision("decision", "Input.Express == true")
        .WriteLine("express", "express")
        .WriteLine("standard1", "standard1")
        .WriteLine("standard2", "standard2")
        .Join("join", mode)
        .WriteLine("after", "after")
        .Connect("decision", "express", "True")
        .Connect("decision", "standard1", "False")
        .Chain("express", "join")
        .Chain("standard1", "standard2", "join")
        .Chain("join", "after");

    /// <summary>fork → a1 → join and fork → b1 → b2 → join, then join → after; a null mode leaves the join's input empty.</summary>
    private static FlowchartJson UnevenForkIntoJoin(string? mode) =>
        (mode is null ? new FlowchartJson().Add("join", "Elsa.FlowJoin") : new FlowchartJson().Join("join", mode))
            .WriteLine("fork", "fork")
            .WriteLine("a1", "a1")
            .WriteLine("b1", "b1")
            .WriteLine("b2", "b2")
            .WriteLine("after", "after")
            .Chain("fork", "a1", "join")
            .Chain("fork", "b1", "b2", "join")
            .Chain("join", "after");
}
