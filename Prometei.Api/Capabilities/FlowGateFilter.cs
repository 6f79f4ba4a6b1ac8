using Prometei.Api.Endpoints;

namespace Prometei.Api.Capabilities;

/// <summary>
/// Answers 503 problem "flow off: …" for an endpoint of a flow (or a vendor) that configuration switched off, before the
/// handler runs; nothing is stored or sent. Not retried for long by the workflows: they do not start a flow that is off.
/// </summary>
internal sealed class FlowGateFilter(string name, bool vendor, GatewayCapabilities capabilities, ILogger<FlowGateFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var reason = vendor ? capabilities.Vendor(name).Missing : capabilities.Flow(name).Reason;
        if (reason is null)
        {
            return await next(context);
        }

        var request = context.HttpContext.Request;
        return Problems.BadInput(logger, request, StatusCodes.Status503ServiceUnavailable, $"flow off: {reason}", $"The {name} {(vendor ? "vendor" : "flow")} is off by configuration: {reason}.");
    }
}
