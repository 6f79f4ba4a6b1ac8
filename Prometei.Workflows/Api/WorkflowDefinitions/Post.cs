using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Create, autosave, Save, Publish (a save with <c>publish: true</c>), Duplicate and Save As: one endpoint, Elsa's rules
/// (<see cref="DefinitionSaver"/>). Answers the stored definition, with links, so the editor stays editable; 201 for a new
/// definition. A definition that cannot run (an unknown activity type, a root that is not a flowchart, a broken connection)
/// is refused with 400 and the reasons in <c>errors</c>.
/// </summary>
internal static class Post
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Post/Endpoint.cs)
        api.MapPost("/workflow-definitions", HandleAsync);

    private static async Task<Results<JsonHttpResult<SaveWorkflowDefinitionResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request,
        DefinitionQueries definitions,
        WorkflowDefinitionService service,
        WorkflowBuilder builder,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<JsonObject>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        if (body?["model"] is not JsonObject model)
        {
            return ElsaResults.Error("The request has no workflow definition (\"model\").");
        }

        var publish = body["publish"] is JsonValue p && p.TryGetValue<bool>(out var value) && value;
        var outcome = await DefinitionSaver.SaveAsync(model, publish, definitions, service, cancellationToken);
        if (outcome.Definition is null)
        {
            return ElsaResults.Errors(outcome.Errors);
        }

        return ElsaResults.Json(
            new SaveWorkflowDefinitionResponse(DefinitionMapper.ToModel(outcome.Definition, builder), AlreadyPublished: false, ConsumingWorkflowCount: 0),
            outcome.IsNew ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
