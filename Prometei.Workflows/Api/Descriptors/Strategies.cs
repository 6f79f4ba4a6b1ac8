using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>
/// The strategy lists of the workflow properties. Only what the engine honours is offered: activation Always or Singleton
/// (the engine looks for "Singleton" in <c>options.activationStrategyType</c>), incidents Fault or Continue (it looks for
/// "Continue" in <c>options.incidentStrategyType</c>). Log persistence and commit strategies are not configurable here (each
/// step commits; secrets are redacted), so those lists are empty, which Studio accepts.
/// </summary>
internal static class Strategies
{
    public const string AlwaysActivation = "Elsa.Workflows.ActivationStrategies.AllowAlwaysStrategy, Elsa.Workflows.Core";
    public const string SingletonActivation = "Elsa.Workflows.ActivationStrategies.SingletonStrategy, Elsa.Workflows.Core";
    public const string FaultIncidents = "Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core";
    public const string ContinueIncidents = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core";

    private static readonly IReadOnlyList<StrategyModel> s_activation =
    [
        new(AlwaysActivation, "Always", "Always allow a new instance to start."),
        new(SingletonActivation, "Singleton", "Start a new instance only while no other instance of this workflow runs."),
    ];

    private static readonly IReadOnlyList<StrategyModel> s_incidents =
    [
        new(FaultIncidents, "Fault", "A failed activity faults the workflow instance."),
        new(ContinueIncidents, "Continue", "A failed activity records an incident; the rest of the workflow continues."),
    ];

    public static void Map(IEndpointRouteBuilder api)
    {
        // Elsa: GET /descriptors/workflow-activation-strategies (Elsa.Workflows.Api/Endpoints/WorkflowActivationStrategies/List/Endpoint.cs)
        api.MapGet("/descriptors/workflow-activation-strategies", () => ElsaResults.Json(new ListResponse<StrategyModel>(s_activation)));

        // Elsa: GET /descriptors/incident-strategies (Elsa.Workflows.Api/Endpoints/IncidentStrategies/List/Endpoint.cs)
        api.MapGet("/descriptors/incident-strategies", () => ElsaResults.Json(new ListResponse<StrategyModel>(s_incidents)));

        // Elsa: GET /descriptors/log-persistence-strategies (Elsa.Workflows.Api/Endpoints/LogPersistenceStrategies/List/Endpoint.cs)
        api.MapGet("/descriptors/log-persistence-strategies", () => ElsaResults.Json(new ListResponse<StrategyModel>([])));

        // Elsa: GET /descriptors/commit-strategies/workflows (Elsa.Workflows.Api/Endpoints/CommitStrategies/Workflows/List/Endpoint.cs)
        api.MapGet("/descriptors/commit-strategies/workflows", () => ElsaResults.Json(new ListResponse<CommitStrategyModel>([])));

        // Elsa: GET /descriptors/commit-strategies/activities (Elsa.Workflows.Api/Endpoints/CommitStrategies/Activities/List/Endpoint.cs)
        api.MapGet("/descriptors/commit-strategies/activities", () => ElsaResults.Json(new ListResponse<CommitStrategyModel>([])));
    }
}
