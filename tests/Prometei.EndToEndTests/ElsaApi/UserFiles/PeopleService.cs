using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.EndToEndTests.ElsaApi.UserFiles;

/// <summary>
/// A real HTTP service the user files call: <c>GET people/1</c> answers a person as JSON, any other person 404,
/// <c>broken</c> 500.
/// </summary>
public sealed class PeopleService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PeopleService(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>How many requests reached <c>broken</c>.</summary>
    public int BrokenCalls;

    public static async Task<PeopleService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new PeopleService(app);
        app.MapGet("/people/{id}", (string id) => id == "1" ? Results.Ok(new { name = "Ada" }) : Results.NotFound());
        app.Map("/broken", () =>
        {
            Interlocked.Increment(ref service.BrokenCalls);
            return Results.StatusCode(500);
        });
        await app.StartAsync();
        service.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return service;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
