using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Whether a name is free: asked while the New workflow dialog is open and on every rename.</summary>
internal static class IsNameUnique
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-definitions/validation/is-name-unique (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/IsNameUnique/Endpoint.cs)
        api.MapGet("/workflow-definitions/validation/is-name-unique", HandleAsync);

    private static async Task<JsonHttpResult<IsNameUniqueResponse>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, CancellationToken cancellationToken)
    {
        var name = (ElsaQuery.String(request, "name") ?? "").Trim();
        var definitionId = ElsaQuery.String(request, "definitionId");
        var unique = await definitions.IsNameUniqueAsync(name, string.IsNullOrWhiteSpace(definitionId) ? null : definitionId, cancellationToken);
        return ElsaResults.Json(new IsNameUniqueResponse(unique));
    }
}
