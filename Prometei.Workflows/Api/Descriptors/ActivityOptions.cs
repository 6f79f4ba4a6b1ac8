using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>
/// Refreshed UI specifications for inputs marked <c>"Refresh": true</c>. No input here asks for a refresh, so the answer is an
/// empty dictionary (Studio keeps what the descriptor said).
/// </summary>
internal static class ActivityOptions
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /descriptors/activities/{activityTypeName}/options/{propertyName} (Elsa.Workflows.Api/Endpoints/ActivityDescriptorOptions/Get/Endpoint.cs)
        api.MapPost("/descriptors/activities/{activityTypeName}/options/{propertyName}", Handle);

    private static JsonHttpResult<ActivityOptionsResponse> Handle(string activityTypeName, string propertyName) =>
        ElsaResults.Json(new ActivityOptionsResponse([]));
}
