using System.Text.Json.Nodes;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>What Elsa 3 reads in hand-written and Elsa 3.0 files, as <see cref="ElsaFileUpgrades"/> rewrites it.</summary>
public sealed class ElsaFileUpgradesTests
{
    private static readonly ActivityRegistry s_registry = new(ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly));

    [Fact]
    public void Apply_ActivitiesWithoutIdOrVersion_GetElsasIdsAndVersionOne()
    {
        var definition = Parse("""
            {"root": {"type": "Elsa.Sequence", "activities": [
              {"type": "Elsa.WriteLine"},
              {"id": "WriteLine1", "type": "Elsa.WriteLine", "version": 2},
              {"type": "Elsa.If", "then": {"type": "Elsa.WriteLine"},
               "condition": {"typeName": "Boolean", "expression": {"type": "JavaScript", "value": "true"}}},
              {"type": "Elsa.Switch", "cases": [{"label": "a", "condition": {"type": "JavaScript", "value": "true"}, "activity": {"type": "Acme.Unknown"}}]}
            ]}}
            """);

        ElsaFileUpgrades.Apply(definition, s_registry);

        var root = definition["root"]!;
        var activities = root["activities"]!.AsArray();
        Assert.Equal("Sequence1", root["id"]!.GetValue<string>());
        Assert.Equal(1, root["version"]!.GetValue<int>());
        Assert.Equal("WriteLine2", activities[0]!["id"]!.GetValue<string>()); // WriteLine1 is taken
        Assert.Equal(2, activities[1]!["version"]!.GetValue<int>());
        Assert.Equal("If1", activities[2]!["id"]!.GetValue<string>());
        Assert.Equal("WriteLine3", activities[2]!["then"]!["id"]!.GetValue<string>());
        Assert.Null(activities[2]!["condition"]!["expression"]!["id"]); // an expression is not an activity
        Assert.Equal("Unknown1", activities[3]!["cases"]![0]!["activity"]!["id"]!.GetValue<string>());
        Assert.Null(activities[3]!["cases"]![0]!["condition"]!["id"]);
        Assert.Equal(1, activities[3]!["cases"]![0]!["activity"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_Elsa30FlagsOnTheActivity_MoveIntoCustomProperties()
    {
        var definition = Parse("""
            {"root": {"id": "f", "type": "Elsa.Flowchart", "version": 1, "activities": [
              {"id": "h", "type": "Elsa.HttpEndpoint", "version": 1, "canStartWorkflow": true, "runAsynchronously": false},
              {"id": "k", "type": "Elsa.HttpEndpoint", "version": 1, "canStartWorkflow": true, "customProperties": {"canStartWorkflow": false}}
            ]}}
            """);

        ElsaFileUpgrades.Apply(definition, s_registry);

        var h = definition["root"]!["activities"]![0]!;
        var k = definition["root"]!["activities"]![1]!;
        Assert.True(h["customProperties"]!["canStartWorkflow"]!.GetValue<bool>());
        Assert.False(h["customProperties"]!["runAsynchronously"]!.GetValue<bool>());
        Assert.Null(h["canStartWorkflow"]);
        Assert.False(k["customProperties"]!["canStartWorkflow"]!.GetValue<bool>()); // customProperties win, as in Elsa
    }

    [Fact]
    public void Apply_MembersOfOtherKinds_AreLeftForTheShapeCheck()
    {
        var definition = Parse("""{"root": {"id": 5, "type": "Elsa.Sequence", "activities": [{"type": 3}, 7]}}""");

        ElsaFileUpgrades.Apply(definition, s_registry);

        Assert.Equal(5, definition["root"]!["id"]!.GetValue<int>());
        Assert.Null(definition["root"]!["activities"]![0]!["id"]);
    }

    [Fact]
    public void DescribeOlderElsa_Elsa2Export_NamesIt_AndElsa3IsNotNamed()
    {
        var elsa2 = Parse("""{"definitionId": "x", "activities": [{"activityId": "a", "type": "WriteLine", "properties": []}], "connections": []}""");
        var elsa3 = Parse("""{"definitionId": "x", "root": {"id": "f", "type": "Elsa.Flowchart", "version": 1}}""");

        var message = ElsaFileUpgrades.DescribeOlderElsa(elsa2);

        Assert.NotNull(message);
        Assert.Contains("Elsa 2", message, StringComparison.Ordinal);
        Assert.Null(ElsaFileUpgrades.DescribeOlderElsa(elsa3));
        Assert.Equal([message], DefinitionShape.Check(elsa2, s_registry));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
