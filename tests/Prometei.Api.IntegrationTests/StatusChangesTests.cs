using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Api.Sync;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// The catch-up's read of amoCRM's event list (<c>POST /api/amocrm/status-changes</c>): a window that holds more than its
/// page cap, and the window's end 5 s before now. The Api and the fake amoCRM share a <see cref="JumpingClock"/> that the
/// test moves past those 5 s instead of waiting.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class StatusChangesTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task MoreChangesThanThePageCap_AreReadOverSeveralCalls_NoneSkipped()
    {
        // One clock for the Api and amoCRM, moved forward by the test instead of waited for.
        var clock = new JumpingClock();
        await using var world = await ApiHarness.StartAsync(postgres, o => (o.Clock, o.VendorClock) = (clock, clock));
        var count = (AmoCrmStatusChanges.MaxPages * 100) + 150; // 100 events a page: 150 more than one read may hold
        var leads = await MoveLeadsAsync(world, clock, count);
        clock.Jump(TimeSpan.FromSeconds(6)); // the read stops 5 s short of now, where amoCRM may not list an event yet
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        var seen = new HashSet<long>();
        var calls = 0;
        var pagesPerCall = new List<int>();
        while (seen.Count < count && calls < 10)
        {
            calls++;
            var before = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/events")).Count;
            using var answer = await world.Api.PostAsJsonAsync("/api/amocrm/status-changes", new
            {
                pipelineIds = new[] { AmoCrmSeedIds.KaspiPipelineId },
                statusIds = new[] { AmoCrmSeedIds.SendToErpStatusId },
                lookBackMinutes = 30,
            });
            answer.EnsureSuccessStatusCode();
            var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            var until = body["until"]!.GetValue<long>();
            var changes = body["changes"]!.AsArray();
            Assert.All(changes, c => Assert.True(c!["createdAt"]!.GetValue<long>() <= until, "a change after the window's end"));
            seen.UnionWith(changes.Select(c => c!["leadId"]!.GetValue<long>()));
            pagesPerCall.Add((await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/events")).Count - before);
            output.WriteLine($"call {calls}: since {body["since"]}, until {until}, {changes.Count} changes, {pagesPerCall[^1]} pages; {seen.Count} leads so far");

            using var moved = await world.Api.PostAsJsonAsync("/api/amocrm/status-changes/watermark", new { watermark = until });
            moved.EnsureSuccessStatusCode();
        }

        // The first call could not hold them all; in the end every change was read, none skipped.
        Assert.True(calls > 1, "one call read more changes than its page cap allows");
        Assert.Equal(leads.Order(), seen.Order());

        // Each read of a window stays within the cap; a call narrows its window at most a few times (to the oldest second
        // read, then before a second that holds more than the cap).
        Assert.All(pagesPerCall, p => Assert.InRange(p, 1, 3 * AmoCrmStatusChanges.MaxPages));
    }

    [Fact]
    public async Task ChangesOfTheLastFiveSeconds_AreLeftForALaterCall_ThenRead()
    {
        var clock = new JumpingClock();
        await using var world = await ApiHarness.StartAsync(postgres, o => (o.Clock, o.VendorClock) = (clock, clock));
        var leads = await MoveLeadsAsync(world, clock, 3);

        // amoCRM may not list an event of the last seconds yet: the window ends 5 s before now. (Read at once: the clock
        // runs at its real pace, and this holds while the read comes within those 5 s of the changes.)
        var early = await ReadChangesAsync(world);
        Assert.Empty(early["changes"]!.AsArray());

        clock.Jump(TimeSpan.FromSeconds(6));
        var late = await ReadChangesAsync(world);
        Assert.Equal(leads.Order(), late["changes"]!.AsArray().Select(c => c!["leadId"]!.GetValue<long>()).Order());
    }

    private static async Task<JsonObject> ReadChangesAsync(ApiHarness world)
    {
        using var answer = await world.Api.PostAsJsonAsync("/api/amocrm/status-changes", new
        {
            pipelineIds = new[] { AmoCrmSeedIds.KaspiPipelineId },
            statusIds = new[] { AmoCrmSeedIds.SendToErpStatusId },
            lookBackMinutes = 30,
        });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<List<long>> MoveLeadsAsync(ApiHarness world, JumpingClock clock, int count)
    {
        var tokens = await world.Control.IssueTokensAsync();
        using var amo = new HttpClient { BaseAddress = world.Fakes.AmoCrmBaseUrl };
        amo.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var leads = new List<long>();
        for (var offset = 0; offset < count; offset += 250)
        {
            var batch = new JsonArray([.. Enumerable.Range(offset, Math.Min(250, count - offset)).Select(i => (JsonNode?)new JsonObject
            {
                ["name"] = "Catch-up " + i.ToString(CultureInfo.InvariantCulture),
                ["pipeline_id"] = AmoCrmSeedIds.KaspiPipelineId,
                ["status_id"] = AmoCrmSeedIds.NewOrderStatusId,
            })]);
            using var answer = await amo.PostAsJsonAsync("api/v4/leads", batch);
            answer.EnsureSuccessStatusCode();
            leads.AddRange((await answer.Content.ReadFromJsonAsync<JsonObject>())!["_embedded"]!["leads"]!.AsArray().Select(l => l!["id"]!.GetValue<long>()));
            clock.Jump(TimeSpan.FromMilliseconds(200)); // within amoCRM's 7 requests a second
        }

        foreach (var lead in leads)
        {
            await world.Control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        }

        return leads;
    }
}
