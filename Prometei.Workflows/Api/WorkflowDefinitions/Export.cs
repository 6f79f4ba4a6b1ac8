using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Downloads one version as a JSON file that Studio (and <see cref="Import"/>) can import again.</summary>
internal static class Export
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-definitions/{definitionId}/export (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Export/Endpoint.cs)
        api.MapGet("/workflow-definitions/{definitionId}/export", HandleAsync);

    private static async Task<Results<FileContentHttpResult, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId, HttpRequest request, DefinitionQueries definitions, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var versionOptions = ElsaQuery.String(request, "versionOptions");
        if (!VersionOptions.TryParse(versionOptions, VersionFilter.Latest, out var versions))
        {
            return ElsaResults.Error(VersionOptions.Error(versionOptions));
        }

        var definition = await definitions.FindAsync(definitionId, versions, cancellationToken);
        return definition is null
            ? TypedResults.NotFound()
            : TypedResults.File(FileBytes(definition, builder), "application/json", FileName(definition));
    }

    public static byte[] FileBytes(StoredDefinition definition, WorkflowBuilder builder) =>
        Encoding.UTF8.GetBytes(DefinitionMapper.ToExport(definition, builder).ToJsonString(ElsaJson.Options));

    /// <summary><c>{name}-v{version}.json</c>, with the name reduced to file-safe characters.</summary>
    public static string FileName(StoredDefinition definition)
    {
        var name = new string([.. (definition.Name ?? definition.DefinitionId).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return $"{(name.Length == 0 ? definition.DefinitionId : name)}-v{definition.Version}.json";
    }
}
