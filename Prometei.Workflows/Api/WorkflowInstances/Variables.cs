using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// The instance's variables with their current values, under the ids the definition gives them (Studio matches by id).
/// A variable the state holds but the version does not declare keeps its name as id.
/// </summary>
internal static class Variables
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-instances/{id}/variables (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Variables/List/Endpoint.cs)
        api.MapGet("/workflow-instances/{id}/variables", HandleAsync);

    private static async Task<Results<JsonHttpResult<ListResponse<ResolvedVariable>>, NotFound>> HandleAsync(
        string id, InstanceQueries instances, WorkflowCatalog catalog, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        IReadOnlyList<VariableDefinition> declared;
        try
        {
            declared = (await catalog.GetAsync(details.State.DefinitionVersionId, cancellationToken)).Variables;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or WorkflowDefinitionException)
        {
            declared = []; // the version was deleted: the state's names are all there is
        }

        var values = details.State.Variables;
        var items = declared.Select(v => new ResolvedVariable(v.Id, v.Name, values.GetValueOrDefault(v.Name)?.DeepClone()))
            .Concat(values.Where(kv => !declared.Any(v => v.Name == kv.Key)).Select(kv => new ResolvedVariable(kv.Key, kv.Key, kv.Value?.DeepClone())))
            .ToList();
        return ElsaResults.Json(new ListResponse<ResolvedVariable>(items));
    }
}
