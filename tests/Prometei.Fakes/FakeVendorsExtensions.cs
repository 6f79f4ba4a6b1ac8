using System.Text.Json.Nodes;
using Prometei.Fakes.AmoCrm;
using Prometei.Fakes.Control;
using Prometei.Fakes.Erp;
using Prometei.Fakes.Hosting;
using Prometei.Fakes.Kaspi;
using Prometei.Fakes.Sandbox;

namespace Prometei.Fakes;

/// <summary>Registers and maps the fakes; used by <c>Program.cs</c> and by <see cref="FakeVendors.StartAsync"/>.</summary>
public static class FakeVendorsExtensions
{
    /// <summary>The sandbox's amoCRM refresh token when none is configured.</summary>
    public const string SandboxRefreshToken = "sandbox-amocrm-refresh-token";

    /// <summary>The sandbox's amoCRM long-lived token when none is configured.</summary>
    public const string SandboxLongLivedToken = "sandbox-amocrm-long-lived-token";

    /// <summary>
    /// Adds the fakes' services. Without <paramref name="options"/> they are bound from the <c>Fakes</c> section
    /// (<c>--sandbox</c> on the command line means <c>Fakes:Sandbox=true</c>).
    /// </summary>
    public static WebApplicationBuilder AddFakeVendors(this WebApplicationBuilder builder, FakeVendorsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (options is null)
        {
            options = new FakeVendorsOptions();
            builder.Configuration.GetSection(FakeVendorsOptions.SectionName).Bind(options);
        }

        if (options.Sandbox)
        {
            options.AmoCrm.InitialRefreshToken ??= SandboxRefreshToken;
            options.AmoCrm.LongLivedToken ??= SandboxLongLivedToken;
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<AmoCrmAccount>();
        services.AddSingleton<AmoCrmTokenStore>();
        services.AddSingleton<AmoCrmRateLimiter>();
        services.AddSingleton<AmoCrmWebhooks>();
        services.AddSingleton<KaspiMerchant>();
        services.AddSingleton<ErpLedger>();
        services.AddSingleton<FakeVendorsState>();
        services.AddSingleton<IVendorGate, AmoCrmGate>();
        services.AddSingleton<IVendorGate, KaspiGate>();
        services.AddSingleton<IVendorGate, ErpGate>();
        services.AddHostedService<AmoCrmWebhookDispatcher>();
        services.AddHostedService<SandboxService>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => FakesJson.Configure(json.SerializerOptions));
        return builder;
    }

    /// <summary>Maps the vendor routes, the control API, <c>/health</c> and an index at <c>/</c>.</summary>
    public static WebApplication MapFakeVendors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<FakeVendorsState>();
        app.UseExceptionHandler();
        app.UseMiddleware<VendorMiddleware>();
        app.MapAmoCrmApi();
        app.MapKaspiApi();
        app.MapErpApi();
        app.MapControlApi();
        app.MapGet("/health", () => TypedResults.Text("Healthy"));
        app.MapGet("/alive", () => TypedResults.Text("Healthy"));
        app.MapGet("/", (HttpRequest request, FakeVendorsOptions options) =>
        {
            var root = $"{request.Scheme}://{request.Host}";
            return TypedResults.Json(new JsonObject
            {
                ["amoCrm"] = root + FakeVendorPaths.AmoCrm,
                ["kaspi"] = root + FakeVendorPaths.KaspiApiBase,
                ["erp"] = root + FakeVendorPaths.Erp,
                ["control"] = root + FakeVendorPaths.Control,
                ["sandbox"] = options.Sandbox,
            });
        });
        return app;
    }
}
