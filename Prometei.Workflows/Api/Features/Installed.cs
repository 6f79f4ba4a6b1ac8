using System.Text.Json.Nodes;
using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Features;

/// <summary>
/// Installed features: none. Listing <c>Elsa.RealTimeWorkflowUpdates</c> or <c>Elsa.Resilience</c> would make Studio call a
/// SignalR hub and resilience endpoints that do not exist; without them it polls.
/// </summary>
internal static class Installed
{
    public static void Map(IEndpointRouteBuilder api)
    {
        // Elsa: GET /features/installed (Elsa.Api.Common/Endpoints/Features/List/Endpoint.cs)
        api.MapGet("/features/installed", () => ElsaResults.Json(new ListResponse<JsonObject>([])));

        // Elsa: GET /package/version (Elsa.Api.Common/Endpoints/Package/Version/Endpoint.cs)
        api.MapGet("/package/version", () => ElsaResults.Json(new JsonObject { ["packageVersion"] = "3.8.0" }));
    }
}
