using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Parts of a version's graph, for Studio's lazy loading of nested containers and for finding the container of a journal
/// entry. Our graphs are stored whole, so these only cut them out of the stored JSON.
/// </summary>
internal static class Subgraph
{
    public static void Map(IEndpointRouteBuilder api)
    {
        // Elsa: GET /workflow-definitions/subgraph/{id} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Graph/Endpoint.cs)
        api.MapGet("/workflow-definitions/subgraph/{id}", GetNodeAsync);

        // Elsa: GET /workflow-definitions/subgraph/segments/{id} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Graph/Segments/Endpoint.cs)
        api.MapGet("/workflow-definitions/subgraph/segments/{id}", GetSegmentsAsync);
    }

    /// <summary>The node <c>parentNodeId</c> (the root when it is missing or unknown) with everything below it.</summary>
    private static async Task<Results<JsonHttpResult<ActivityNodeModel>, NotFound>> GetNodeAsync(
        string id, HttpRequest request, DefinitionStore store, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var nodes = await LoadAsync(id, store, builder, cancellationToken);
        if (nodes is null)
        {
            return TypedResults.NotFound();
        }

        var parentNodeId = ElsaQuery.String(request, "parentNodeId");
        var node = nodes.FirstOrDefault(n => n.NodeId == parentNodeId) ?? nodes[0];
        return ElsaResults.Json(node.ToModel());
    }

    /// <summary>
    /// The node <c>childNodeId</c>, the outermost container around it that is not a flowchart (the root when there is none), and
    /// the path of containers from the nearest to the outermost.
    /// </summary>
    private static async Task<Results<JsonHttpResult<SubgraphSegmentsResponse>, NotFound>> GetSegmentsAsync(
        string id, HttpRequest request, DefinitionStore store, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var nodes = await LoadAsync(id, store, builder, cancellationToken);
        var childNodeId = ElsaQuery.String(request, "childNodeId");
        var child = nodes?.FirstOrDefault(n => n.NodeId == childNodeId);
        if (child is null)
        {
            return TypedResults.NotFound();
        }

        var segments = new List<ActivityPathSegment>();
        var container = child.Parent ?? child;
        GraphNode? previous = null;
        for (var current = child.Parent; current is not null; previous = current, current = current.Parent)
        {
            if (current.Type != "Elsa.Flowchart")
            {
                segments.Add(new ActivityPathSegment(current.NodeId, current.Id, current.Type, previous?.Port ?? "Root", current.Name ?? current.Type));
                container = current;
            }
        }

        return ElsaResults.Json(new SubgraphSegmentsResponse(child.ToModel(), container.ToModel(), segments));
    }

    /// <summary>Every node of the version, root first, or null when the version does not exist.</summary>
    private static async Task<List<GraphNode>?> LoadAsync(string id, DefinitionStore store, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var definition = await store.GetByVersionIdAsync(id, cancellationToken);
        if (definition is null || DefinitionMapper.ToModel(definition, builder)["root"] is not JsonObject root)
        {
            return null;
        }

        var nodes = new List<GraphNode>();
        Walk(root, parent: null, port: null, nodes);
        return nodes;
    }

    private static void Walk(JsonObject activity, GraphNode? parent, string? port, List<GraphNode> nodes)
    {
        var node = new GraphNode(activity, parent, port);
        nodes.Add(node);
        foreach (var (key, value) in activity)
        {
            if (value is JsonObject child && WorkflowBuilder.ChildActivities(activity).Contains(child))
            {
                Walk(child, node, char.ToUpperInvariant(key[0]) + key[1..], nodes);
            }
            else if (value is JsonArray array)
            {
                foreach (var item in array.OfType<JsonObject>().Where(item => WorkflowBuilder.ChildActivities(activity).Contains(item)))
                {
                    Walk(item, node, port: null, nodes);
                }
            }
        }
    }

    private sealed record GraphNode(JsonObject Json, GraphNode? Parent, string? Port)
    {
        public string NodeId => Json["nodeId"]?.GetValue<string>() ?? "";

        public string Id => Json["id"]?.GetValue<string>() ?? "";

        public string Type => Json["type"]?.GetValue<string>() ?? "";

        public string? Name => Json["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;

        public ActivityNodeModel ToModel() => new(NodeId, Port, (JsonObject)Json.DeepClone(), [], []);
    }
}
