using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

/// <summary>amoCRM's 7 requests per second on the fake clock: the window is checked to the tick, and no test waits for it.</summary>
public sealed class AmoCrmRateLimitTests(FakeClockFixture fixture) : FakesTest(fixture), IClassFixture<FakeClockFixture>
{
    private readonly FakeTimeProvider _clock = fixture.Clock;

    [Fact]
    public async Task More_than_seven_requests_in_any_second_get_429()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => http.GetAsync("api/v4/account")));
        var tooMany = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal("text/html", tooMany.Content.Headers.ContentType?.MediaType);
        Assert.Null(tooMany.Headers.RetryAfter);

        // Time stands still: exactly 7 of the burst fit the second, and the window reopens one second after them, not a tick before.
        var accepted = (await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/")).Count(r => r.Status == 200);
        Assert.Equal(7, accepted);
        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        using (var early = await http.GetAsync("api/v4/account"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        }

        _clock.Advance(TimeSpan.FromTicks(1));
        using var later = await http.GetAsync("api/v4/account");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Seven_sequential_requests_pass_and_the_eighth_within_the_second_does_not()
    {
        var fakes = Fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { TooManyRequestsBody = AmoCrmErrorBody.Json, RetryAfterSeconds = 2 });
        using var http = await fakes.ConnectedAmoCrmAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await http.GetAsync("api/v4/leads/pipelines"));
        }

        Assert.All(responses.Take(7), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[7].StatusCode);
        Assert.Equal("application/problem+json", responses[7].Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), responses[7].Headers.RetryAfter?.Delta);

        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task A_blocked_account_answers_403_html_everywhere_including_the_token_endpoint()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { AccountBlocked = true });

        using var api = await http.GetAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}");
        using var token = await fakes.RefreshAsync(http, "anything");

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("text/html", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Contains(await fakes.Control.GetTokenCallsAsync(), c => c.Status == 403);
    }

    [Fact]
    public async Task Repeated_429s_escalate_to_a_block_when_switched_on()
    {
        var fakes = Fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { RequestsPerSecond = 1, BlockAfter429Count = 3 });
        using var http = await fakes.ConnectedAmoCrmAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.GetAsync("api/v4/account");
            statuses.Add(response.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(1.1));
        using var afterPause = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.Forbidden, statuses[^1]);
        Assert.Equal(HttpStatusCode.Forbidden, afterPause.StatusCode);

        await fakes.Control.ResetAsync();
        using var reconnected = await fakes.ConnectedAmoCrmAsync();
        using var afterReset = await reconnected.GetAsync("api/v4/account");
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
    }

    [Fact]
    public async Task Oauth_calls_do_not_count_against_the_api_rate()
    {
        var fakes = Fakes;
        using var http = fakes.AmoCrm();
        var refresh = (await fakes.Control.IssueTokensAsync()).RefreshToken;
        string access = "";
        for (var i = 0; i < 8; i++)
        {
            using var response = await fakes.RefreshAsync(http, refresh);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
            refresh = json["refresh_token"]!.GetValue<string>();
            access = json["access_token"]!.GetValue<string>();
        }

        using var api = fakes.AmoCrm(access);
        using var call = await api.GetAsync("api/v4/account");
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
    }
}
