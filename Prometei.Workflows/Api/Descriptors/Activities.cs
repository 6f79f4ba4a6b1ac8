using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>
/// The toolbox and the designer's knowledge of every activity type, generated from the registry (one descriptor per type,
/// version 1, so type + version is unique), then one per version of each definition usable as an activity
/// (<see cref="WorkflowActivityDescriptors"/>, read from the store on each call, so publish, retract and delete show at once).
/// Called after every save, publish and delete; <c>Refresh</c> changes nothing.
/// </summary>
internal static class Activities
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /descriptors/activities (Elsa.Workflows.Api/Endpoints/ActivityDescriptors/List/Endpoint.cs)
        api.MapGet("/descriptors/activities", Handle);

    private static async Task<JsonHttpResult<ListResponse<ActivityDescriptorModel>>> Handle(
        ActivityRegistry registry, ExpressionEvaluatorRegistry evaluators, ActivityDefinitionQueries definitions, CancellationToken cancellationToken) =>
        ElsaResults.Json(new ListResponse<ActivityDescriptorModel>([
            .. registry.Descriptors.Select(d => ActivityDescriptorMapper.ToModel(d, evaluators)),
            .. WorkflowActivityDescriptors.ToModels(await definitions.ListAsync(cancellationToken)),
        ]));
}
