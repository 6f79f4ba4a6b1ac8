using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometei.AppHost.Hosting.Orchestration;

namespace Prometei.AppHost.Hosting.Dashboard;

/// <summary>
/// The dashboard: a page and a small JSON API on 127.0.0.1, reached with a token the AppHost prints
/// (<c>http://127.0.0.1:PORT/?t=TOKEN</c> sets a cookie; scripts send <c>Authorization: Bearer TOKEN</c>).
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url, string token)
    {
        _app = app;
        Url = url;
        Token = token;
    }

    public Uri Url { get; }

    public string Token { get; }

    /// <summary>The URL to open: it carries the token, and the page swaps it for a cookie.</summary>
    public string LoginUrl => $"{Url}?t={Token}";

    public static async Task<DashboardServer> StartAsync(
        ResourceOrchestrator orchestrator, IReadOnlyList<ParameterResource> parameters, int port, CancellationToken cancellationToken)
    {
        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        app.MapDashboard(orchestrator, parameters, token);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var bound = new Uri(address);
        return new DashboardServer(app, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{bound.Port}/")), token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
