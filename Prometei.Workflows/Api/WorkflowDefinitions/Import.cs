using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Imports a bare definition model (a file Studio opened). It is saved by the same rules as a save, as a draft unless the
/// model says <c>"publish": true</c>; from inside the editor Studio sets the open workflow's definition id, so the file
/// becomes a new version of it.
/// </summary>
internal static class Import
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions/import (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Import/Endpoint.cs)
        api.MapPost("/workflow-definitions/import", HandleAsync);

    private static async Task<Results<JsonHttpResult<JsonObject>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, WorkflowDefinitionService service, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var (model, error) = await ElsaBody.ReadAsync<JsonObject>(request, cancellationToken);
        if (error is not null || model is null)
        {
            return ElsaResults.Error(error ?? "The request has no workflow definition.");
        }

        var publish = model["publish"] is JsonValue p && p.TryGetValue<bool>(out var value) && value;
        model.Remove("publish");
        // Like Elsa, activities of unknown types become placeholders, so the file opens as a draft that shows what to replace;
        // publishing it (here or later) is refused with every unknown type named.
        var outcome = await DefinitionSaver.SaveAsync(model, publish, definitions, service, cancellationToken, keepUnknownAsDraft: !publish);
        return outcome.Definition is null
            ? ElsaResults.Errors(outcome.Errors)
            : ElsaResults.Json(DefinitionMapper.ToModel(outcome.Definition, builder), outcome.IsNew ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
