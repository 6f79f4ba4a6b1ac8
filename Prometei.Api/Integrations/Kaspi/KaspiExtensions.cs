using Prometei.Api.Integrations.Alerts;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Kaspi;

public static class KaspiExtensions
{
    /// <summary>Adds the Kaspi client: options (<c>Kaspi</c>, <c>KASPI_*</c>), resilience outermost, the header handler inside.</summary>
    public static IHostApplicationBuilder AddKaspi(this IHostApplicationBuilder builder)
    {
        builder.AddGatewayOptions<KaspiOptions, KaspiOptionsValidator>(KaspiOptions.SectionName, KaspiOptions.ApplyLegacy, o => o.ConfigurationErrors);
        builder.Services.AddTransient<KaspiAuthHandler>();
        builder.Services.AddHttpClient<IKaspiClient, KaspiClient>((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<KaspiOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPrometeiResilience()
            .AddHttpMessageHandler<KaspiAuthHandler>()
            .AddVendorOutcomes("kaspi")
            .AddHttpMessageHandler(services => new Capabilities.VendorRefusalHandler("kaspi", services.GetRequiredService<Capabilities.VendorRefusals>()))
            .RemoveAllLoggers();
        builder.Services.AddTransient<KaspiProbe>();
        builder.Services.AddHttpClient(KaspiProbe.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<KaspiAuthHandler>()
            .RemoveAllLoggers();
        return builder;
    }
}
