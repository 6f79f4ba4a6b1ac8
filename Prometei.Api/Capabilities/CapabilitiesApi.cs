using Prometei.Api.Endpoints;

namespace Prometei.Api.Capabilities;

public static class CapabilitiesApi
{
    /// <summary><c>GET /api/capabilities</c> (API key): the vendors' configuration and which flows are on; the workflows server reads it.</summary>
    public static RouteHandlerBuilder MapCapabilitiesApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/capabilities", (GatewayCapabilities capabilities) => TypedResults.Ok(capabilities.Report()))
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Capabilities")
            .WithSummary("Which vendors are configured and which flows are on (and why not).");
}
