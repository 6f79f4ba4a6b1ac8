namespace Prometei.Fakes;

/// <summary>Starts the fakes in-process, on Kestrel at <c>http://127.0.0.1:{free port}</c>.</summary>
/// <example>
/// <code>
/// await using var fakes = await FakeVendors.StartAsync();
/// var amo = new HttpClient { BaseAddress = fakes.AmoCrmBaseUrl };   // http://127.0.0.1:PORT/amocrm/
/// await fakes.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { Status5xxRate = 0.5, Seed = 1 });
/// </code>
/// </example>
public static class FakeVendors
{
    /// <summary>Builds and starts the fakes; dispose the result to stop them.</summary>
    public static async Task<FakeVendorsServer> StartAsync(FakeVendorsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeVendorsOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeVendors).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddFakeVendors(options);
        var app = builder.Build();
        app.MapFakeVendors();
        await app.StartAsync(cancellationToken);
        return new FakeVendorsServer(app, options);
    }
}
