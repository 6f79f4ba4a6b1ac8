using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Registers what the Prometei activities need: validated options, the gateway's typed client and the amoCRM webhook validator.</summary>
public static class IntegrationActivitiesExtensions
{
    public static IHostApplicationBuilder AddPrometeiActivities(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntegrationOptions>().BindConfiguration(IntegrationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntegrationOptions>, IntegrationOptionsValidator>());
        builder.Services.AddSingleton<AmoCrmCatchUpTrigger>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AmoCrmCatchUpTrigger>());
        builder.Services.AddSingleton<IHttpRequestValidator, AmoCrmWebhookValidator>();
        builder.Services.AddHttpClient<IPrometeiApi, PrometeiApiClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<IntegrationOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            http.Timeout = options.Timeout;
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", options.ApiKey);
            }
        });
        builder.Services.AddHostedService<IncidentAlerter>();

        // Vendor effects ride out outages of hours: capped backoff for Integration:RetryWindow (default 24 h) after the first
        // failure, instead of giving up after maxAttempts. An activity's own customProperties.retryPolicy still wins.
        builder.Services.AddOptions<Engine.Execution.WorkflowRunnerOptions>().Configure<IOptions<IntegrationOptions>>((runner, integration) =>
        {
            var o = integration.Value;
            var d = Engine.Model.RetryPolicy.Default;
            runner.NamespaceRetryPolicies["Prometei"] = new Engine.Model.RetryPolicy(
                d.MaxAttempts, o.RetryInitialDelay, d.Factor, o.RetryMaxDelay, d.Jitter, o.RetryWindow > TimeSpan.Zero ? o.RetryWindow : null);
        });
        return builder;
    }
}
