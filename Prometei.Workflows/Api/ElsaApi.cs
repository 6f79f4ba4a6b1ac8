using Microsoft.AspNetCore.Diagnostics;
using Prometei.Workflows.Api.Authentication;
using Prometei.Workflows.Persistence.Queries;
using Definitions = Prometei.Workflows.Api.WorkflowDefinitions;
using Executions = Prometei.Workflows.Api.ActivityExecutions;
using Instances = Prometei.Workflows.Api.WorkflowInstances;

namespace Prometei.Workflows.Api;

/// <summary>
/// The Elsa 3 REST API under <c>/elsa/api</c>, the one Elsa Studio 3.8's custom elements call
/// (<c>shared/contracts/elsa-studio-api.md</c>). One file per action, in a folder per resource; each names the Elsa endpoint it
/// mirrors. Every route needs an API key or a bearer token (<see cref="ElsaApiAuthentication"/>).
/// </summary>
public static class ElsaApi
{
    public const string BasePath = "/elsa/api";

    /// <summary>The API's queries, authentication (<c>Elsa:ApiKeys</c>, <c>ELSA_API_KEY</c>, bearer tokens) and, when <c>Elsa:AllowedOrigins</c> is set, CORS.</summary>
    public static IHostApplicationBuilder AddElsaApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DefinitionQueries>();
        builder.Services.AddSingleton<ActivityDefinitionQueries>();
        builder.Services.AddSingleton<InstanceQueries>();
        builder.Services.AddSingleton<JournalQueries>();
        builder.AddElsaApiAuthentication();
        if (builder.Configuration.GetSection($"{ElsaApiOptions.SectionName}:{nameof(ElsaApiOptions.AllowedOrigins)}").GetChildren().Any())
        {
            builder.Services.AddTransient<IStartupFilter, ElsaCorsStartupFilter>();
        }

        return builder;
    }

    public static RouteGroupBuilder MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireAuthorization(ElsaApiAuthentication.PolicyName);

        // Elsa answers errors with its own bodies (or none), not with the host's problem details.
        api.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return await next(context);
        });

        Definitions.List.Map(api);
        Definitions.GetByDefinitionId.Map(api);
        Definitions.GetById.Map(api);
        Definitions.IsNameUnique.Map(api);
        Definitions.Post.Map(api);
        Definitions.Publish.Map(api);
        Definitions.Retract.Map(api);
        Definitions.Delete.Map(api);
        Definitions.DeleteVersion.Map(api);
        Definitions.Revert.Map(api);
        Definitions.Execute.Map(api);
        Definitions.Export.Map(api);
        Definitions.Import.Map(api);
        Definitions.BulkPublish.Map(api);
        Definitions.BulkRetract.Map(api);
        Definitions.BulkDelete.Map(api);
        Definitions.BulkDeleteVersions.Map(api);
        Definitions.BulkExport.Map(api);
        Definitions.Subgraph.Map(api);

        Instances.List.Map(api);
        Instances.Get.Map(api);
        Instances.ExecutionState.Map(api);
        Instances.Journal.Map(api);
        Instances.Variables.Map(api);
        Instances.Cancel.Map(api);
        Instances.Delete.Map(api);
        Instances.BulkCancel.Map(api);
        Instances.BulkDelete.Map(api);
        Instances.Export.Map(api);
        Instances.BulkExport.Map(api);
        Instances.BulkImport.Map(api);
        Instances.Retry.Map(api);
        Instances.RetryFaulted.Map(api);
        Instances.Replay.Map(api);

        Executions.List.Map(api);
        Executions.Summaries.Map(api);
        Executions.GetById.Map(api);
        Executions.Report.Map(api);
        Executions.CallStack.Map(api);

        Descriptors.Activities.Map(api);
        Descriptors.ActivityOptions.Map(api);
        Descriptors.ExpressionDescriptors.Map(api);
        Descriptors.Strategies.Map(api);
        Descriptors.StorageDrivers.Map(api);
        Descriptors.VariableTypes.Map(api);
        Descriptors.OutputConverters.Map(api);

        Features.Installed.Map(api);
        Tests.TestActivity.Map(api);
        Alterations.RetryWorkflows.Map(api);
        Alterations.Submit.Map(api);
        Scripting.TypeDefinitions.Map(api);
        return api;
    }
}
