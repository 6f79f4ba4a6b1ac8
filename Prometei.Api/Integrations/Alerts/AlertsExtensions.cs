using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Alerts;

public static class AlertsExtensions
{
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.AddGatewayOptions<AlertOptions, AlertOptionsValidator>(AlertOptions.SectionName, AlertOptions.ApplyLegacy, o => o.ConfigurationErrors);
        builder.Services.AddSingleton<TelegramAlertChannel>();
        builder.Services.AddHttpClient(TelegramAlertChannel.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddPrometeiResilience(o => o.TotalRequestTimeout = TimeSpan.FromSeconds(20))
            // The bot token is part of the URL: no request logging for this client.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<EmailAlertChannel>();
        builder.Services.AddSingleton<AlertService>();
        return builder;
    }

    /// <summary>Adds the innermost <see cref="VendorOutcomeHandler"/> to a vendor's client: outages and recoveries are tracked and alerted once.</summary>
    public static IHttpClientBuilder AddVendorOutcomes(this IHttpClientBuilder builder, string vendor) =>
        builder.AddHttpMessageHandler(services => new VendorOutcomeHandler(
            vendor,
            services.GetRequiredService<Ledger.VendorHealthStore>(),
            services.GetRequiredService<AlertService>(),
            services.GetRequiredService<ILogger<VendorOutcomeHandler>>()));
}
