using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Activities.Integration;
using Prometei.Workflows.Runtime;
using Prometei.Workflows.Studio;

namespace Prometei.Workflows.Capabilities;

public static class FlowAvailabilityExtensions
{
    /// <summary>Workflows whose gateway flow is off do not start (<see cref="FlowAvailability"/>).</summary>
    public static IHostApplicationBuilder AddFlowAvailability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FlowAvailabilityOptions>().BindConfiguration(FlowAvailabilityOptions.SectionName);
        builder.Services.AddSingleton<FlowAvailability>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IWorkflowStartGate>(sp => sp.GetRequiredService<FlowAvailability>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FlowAvailability>());
        builder.Services.AddHttpClient(FlowAvailability.ClientName, (sp, http) =>
        {
            var integration = sp.GetRequiredService<IOptions<IntegrationOptions>>().Value;
            http.BaseAddress = integration.BaseAddress;
            http.Timeout = TimeSpan.FromSeconds(10);
            if (!string.IsNullOrEmpty(integration.ApiKey))
            {
                http.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", integration.ApiKey);
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>GET /studio/api/flows</c> (the operator's session): the gateway's flows and the published workflows that are off,
    /// with why; the Studio shell shows them above the definition list.
    /// </summary>
    public static RouteHandlerBuilder MapFlowAvailability(this IEndpointRouteBuilder app) =>
        app.MapGet(StudioApi.BasePath + "/api/flows", async (FlowAvailability flows, TriggerIndex triggers, WorkflowCatalog catalog, CancellationToken cancellationToken) =>
            {
                var snapshot = flows.Current;
                var off = new List<OffWorkflow>();
                foreach (var versionId in (await triggers.GetAllAsync(cancellationToken)).Select(t => t.DefinitionVersionId).Distinct(StringComparer.Ordinal))
                {
                    var workflow = await catalog.GetAsync(versionId, cancellationToken);
                    if (FlowAvailability.OffReason(workflow, snapshot) is { } reason)
                    {
                        off.Add(new OffWorkflow(workflow.DefinitionId, workflow.Name ?? workflow.DefinitionId, workflow.Version, reason));
                    }
                }

                return TypedResults.Ok(new FlowsAnswer(snapshot is not null, snapshot?.ReadAt, snapshot?.Flows.Values.ToList() ?? [], off));
            })
            .RequireAuthorization(StudioApi.OperatorPolicy)
            .ExcludeFromDescription();
}
