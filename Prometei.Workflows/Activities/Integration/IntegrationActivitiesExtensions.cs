using Microsoft.Extensions.Options;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Registers what the Prometei activities need: the gateway's typed client and the amoCRM webhook validator.</summary>
public static class IntegrationActivitiesExtensions
{
    public static IHostApplicationBuilder AddPrometeiActivities(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntegrationOptions>().BindConfiguration(IntegrationOptions.SectionName);
        builder.Services.AddSingleton<IHttpRequestValidator, AmoCrmWebhookValidator>();
        builder.Services.AddHttpClient<GatewayClient>((sp, http) =>
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
        return builder;
    }
}
