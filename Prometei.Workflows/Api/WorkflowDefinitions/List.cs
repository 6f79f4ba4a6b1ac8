using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Lists definition versions: the list page, the Published column, version history, names for the instance list.</summary>
internal static class List
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-definitions (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/List/Endpoint.cs)
        api.MapGet("/workflow-definitions", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowDefinitionPage>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, CancellationToken cancellationToken)
    {
        var versionOptions = ElsaQuery.String(request, "versionOptions");
        if (!VersionOptions.TryParse(versionOptions, VersionFilter.Any, out var versions))
        {
            return ElsaResults.Error(VersionOptions.Error(versionOptions));
        }

        if (ElsaQuery.Bool(request, "IsSystem") is true || ElsaQuery.String(request, "materializer") is { Length: > 0 } m && m != DefinitionMapper.MaterializerName)
        {
            // There are no system definitions and no other materializers here.
            return ElsaResults.Json(new WorkflowDefinitionPage([], 0, DefinitionMapper.ListLinks));
        }

        var query = new DefinitionListQuery(
            versions,
            ElsaQuery.List(request, "DefinitionIds"),
            ElsaQuery.List(request, "Ids"),
            ElsaQuery.String(request, "SearchTerm"),
            Enum.TryParse<DefinitionOrder>(ElsaQuery.String(request, "OrderBy"), ignoreCase: true, out var order) ? order : DefinitionOrder.Name,
            string.Equals(ElsaQuery.String(request, "OrderDirection"), "Descending", StringComparison.OrdinalIgnoreCase),
            ElsaQuery.Int(request, "Page"),
            ElsaQuery.Int(request, "PageSize"));
        var page = await definitions.ListAsync(query, cancellationToken);
        return ElsaResults.Json(new WorkflowDefinitionPage([.. page.Items.Select(DefinitionMapper.ToSummary)], page.TotalCount, DefinitionMapper.ListLinks));
    }
}
