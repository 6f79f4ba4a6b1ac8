using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometei.Workflows.Studio;
using Prometei.StudioTests.Support;
using Prometei.Testing;

namespace Prometei.StudioTests;

/// <summary>Who gets into <c>/studio</c>: nobody without a session, and nobody who keeps guessing.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class StudioAccessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task EveryStudioRoute_WithoutSession_IsRedirectedToSignInOrRefused()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", connectionString);
            builder.UseSetting("Workflows:DefinitionsPath", Directory.CreateTempSubdirectory("prometei-studio-empty-").FullName);
            builder.UseSetting("Studio:Operator:Password", StudioServer.Password);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/studio", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (Endpoint: e, Method: method)))
            .ToList();

        var anonymous = routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(r => $"{r.Method} {r.Endpoint.RoutePattern.RawText}");
        Assert.Equal(["GET /studio/signin", "POST /studio/signin"], anonymous.Order());
        var walked = 0;
        foreach (var (endpoint, method) in routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = Sample(endpoint.RoutePattern.RawText!);

            using var page = new HttpRequestMessage(new HttpMethod(method), path);
            page.Headers.Accept.ParseAdd("text/html");
            using var pageResponse = await http.SendAsync(page);
            using var other = new HttpRequestMessage(new HttpMethod(method), path);
            using var otherResponse = await http.SendAsync(other);

            if (method == "GET")
            {
                Assert.True(pageResponse.StatusCode == HttpStatusCode.Redirect, $"GET {path} (a page) answered {(int)pageResponse.StatusCode}, not a redirect.");
                Assert.StartsWith("/studio/signin?returnUrl=", pageResponse.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(pageResponse.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)pageResponse.StatusCode}.");
            }

            Assert.True(otherResponse.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} (not a page) answered {(int)otherResponse.StatusCode}.");
            Assert.Empty(await otherResponse.Content.ReadAsByteArrayAsync());
            walked++;
        }

        // Pages, the token, sign-out, our assets and the package files at least.
        Assert.True(walked >= 9, $"Only {walked} routes were walked.");

        var signIn = await http.GetAsync("/studio/signin");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("name=\"password\"", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterTooManyWrongPasswords_Gets429EvenWithTheRightOne_UntilTheLockoutEnds()
    {
        // The lockout runs on a FakeTimeProvider handed to the throttle, so the test moves time instead of waiting for it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", connectionString);
            builder.UseSetting("Workflows:DefinitionsPath", Directory.CreateTempSubdirectory("prometei-studio-empty-").FullName);
            builder.UseSetting("Studio:Operator:UserName", StudioServer.UserName);
            builder.UseSetting("Studio:Operator:Password", StudioServer.Password);
            builder.UseSetting("Studio:SignInThrottle:MaxFailures", "3");
            builder.UseSetting("Studio:SignInThrottle:Lockout", "00:00:04");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureTestServices(services => services.AddSingleton(
                sp => new SignInThrottle(sp.GetRequiredService<IOptionsMonitor<StudioOptions>>(), clock)));
        });
        var studio = new Uri("http://localhost/studio/");
        var cookies = new CookieContainer();
        using var http = app.CreateDefaultClient(new Uri("http://localhost/"), new CookieContainerHandler(cookies));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await StudioServer.SignInAsync(http, StudioServer.UserName, "wrong-" + i)).StatusCode);
        }

        var locked = await StudioServer.SignInAsync(http, StudioServer.UserName, StudioServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), locked.Headers.RetryAfter?.Delta);
        Assert.Null(cookies.GetCookies(studio)["prometei.studio"]);

        // Another user name from the same address is locked too: the address counts on its own.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await StudioServer.SignInAsync(http, "someone-else", "whatever")).StatusCode);

        // One tick short of the lockout: still locked; at its end: open.
        clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromTicks(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await StudioServer.SignInAsync(http, StudioServer.UserName, StudioServer.Password)).StatusCode);
        clock.Advance(TimeSpan.FromTicks(1));
        var signedIn = await StudioServer.SignInAsync(http, StudioServer.UserName, StudioServer.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = cookies.GetCookies(studio)["prometei.studio"];
        Assert.NotNull(session);
        Assert.True(session.HttpOnly);
        Assert.Equal("/studio", session.Path);

        var token = await http.GetAsync("studio/api/token");
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("no-store", token.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        await using var server = await StudioServer.StartAsync(postgres.Server);
        var cookies = new CookieContainer();
        using var http = server.Client(cookies);

        var response = await http.PostAsync("studio/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = StudioServer.UserName,
            ["password"] = StudioServer.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(cookies.GetCookies(server.StudioAddress)["prometei.studio"]);
    }

    [Fact]
    public async Task Studio_WithoutOperatorPassword_Answers503NamingTheSetting()
    {
        await using var server = await StudioServer.StartAsync(postgres.Server, settings: new Dictionary<string, string?>
        {
            ["Studio__Operator__Password"] = null,
        });
        using var http = server.Client();

        var response = await http.GetAsync("studio/signin");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Studio:Operator:Password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StudioPagesUnderTheTriggerNamespace_SendABrowserToTheStudio_AndAnythingElseStays404()
    {
        await using var server = await StudioServer.StartAsync(postgres.Server);
        using var http = server.Client();

        foreach (var path in new[] { "workflows/definitions/studio-greeting/edit", "workflows/instances/some-id/view?tab=journal" })
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, path);
            page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
            using var response = await http.SendAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/studio/" + path, response.Headers.Location!.OriginalString);
        }

        // Not a browser, not a GET, or not a Studio page: the trigger namespace answers as before.
        using var json = await http.GetAsync("workflows/definitions/studio-greeting/edit");
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        using var post = new HttpRequestMessage(HttpMethod.Post, "workflows/definitions/x");
        post.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(post)).StatusCode);
        using var other = new HttpRequestMessage(HttpMethod.Get, "workflows/no-such-hook");
        other.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(other)).StatusCode);
    }

    /// <summary>A concrete path for a route pattern: each parameter becomes a sample value, a catch-all a real package file.</summary>
    private static string Sample(string pattern) =>
        RouteParameter().Replace(pattern, m => m.Groups[1].Value == "**" ? "_framework/dotnet.js" : m.Groups[2].Value switch
        {
            "name" => "shell.js",
            _ => "sample-id",
        });

    [GeneratedRegex(@"\{(\*\*)?(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
