using Prometei.Api.Integrations.Alerts;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Erp;

public static class ErpExtensions
{
    /// <summary>Adds the ERP client: options (<c>Erp</c>, <c>CRM_API_*</c>), resilience outermost, credentials inside.</summary>
    public static IHostApplicationBuilder AddErp(this IHostApplicationBuilder builder)
    {
        builder.AddGatewayOptions<ErpOptions, ErpOptionsValidator>(ErpOptions.SectionName, ErpOptions.ApplyLegacy, o => o.ConfigurationErrors);
        builder.Services.AddTransient<ErpAuthHandler>();
        builder.Services.AddHttpClient<IErpClient, ErpClient>((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<ErpOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPrometeiResilience(o =>
            {
                // One owner per retry: the workflow engine retries ERP effects durably (same idempotency key), so each call
                // goes out once; no breaker, which kept refusing calls after the ERP had come back.
                o.MaxRetryAttempts = 0;
                o.CircuitBreakerEnabled = false;
            })
            .AddHttpMessageHandler<ErpAuthHandler>()
            .AddVendorOutcomes("erp")
            .AddHttpMessageHandler(services => new Capabilities.VendorRefusalHandler("erp", services.GetRequiredService<Capabilities.VendorRefusals>()))
            .RemoveAllLoggers();
        builder.Services.AddTransient<ErpMapping>();
        builder.Services.AddTransient<ErpRefusals>();
        return builder;
    }
}
