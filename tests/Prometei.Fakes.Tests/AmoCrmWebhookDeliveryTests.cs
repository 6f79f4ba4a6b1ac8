using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

/// <summary>
/// The fake amoCRM delivers hooks like the real one (contract §14.4): a retry ladder, single attempts, switch-off. The ladder
/// runs on the fake clock at its real size (minutes); absence is shown by a later delivery through the same one-at-a-time
/// dispatcher, never by waiting.
/// </summary>
public sealed class AmoCrmWebhookDeliveryTests(FakeClockFixture fixture) : FakesTest(fixture), IClassFixture<FakeClockFixture>
{
    private readonly FakeTimeProvider _clock = fixture.Clock;

    // Nothing listens on port 9 of 127.0.0.1: every delivery is refused.
    private const string Nowhere = "http://127.0.0.1:9/workflows/amocrm/webhook?secret=s";

    [Fact]
    public async Task A_refused_hook_is_tried_three_times_on_the_ladder_and_once_when_single_attempt()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        (await http.PostAsJsonAsync("api/v4/webhooks", new { destination = Nowhere, settings = new[] { "status_lead" } })).EnsureSuccessStatusCode();

        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        await DeliveriesAsync(1);
        await AdvanceUntilDeliveriesAsync(2);
        await AdvanceUntilDeliveriesAsync(3);

        // Two hours on, a single-attempt change goes through the same queue: had a fourth attempt been due, it came first.
        _clock.Advance(TimeSpan.FromHours(2));
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookSingleAttempt = true });
        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        await DeliveriesAsync(4);
        _clock.Advance(TimeSpan.FromHours(2));
        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        var deliveries = await DeliveriesAsync(5);

        Assert.Equal([1, 2, 3, 1, 1], deliveries.Select(d => d.Attempt));
        Assert.All(deliveries, d => Assert.Equal(0, d.Status));
        // The ladder of a refused delivery: ~5 minutes, then ~15 (the fake clock moves a minute at a time).
        Assert.InRange(deliveries[1].Time - deliveries[0].Time, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        Assert.InRange(deliveries[2].Time - deliveries[1].Time, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task A_hook_failing_more_than_the_threshold_is_switched_off_and_reported_disabled()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookSingleAttempt = true, WebhookDisableAfter = 3 });
        (await http.PostAsJsonAsync("api/v4/webhooks", new { destination = Nowhere, settings = new[] { "status_lead" } })).EnsureSuccessStatusCode();

        var statuses = new[] { AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.SendToErpStatusId };
        for (var i = 0; i < 6; i++)
        {
            await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(statuses[i % 2], AmoCrmSeedIds.KaspiPipelineId));
            if (i < 4)
            {
                await DeliveriesAsync(i + 1);
            }
        }

        // A second hook's delivery, queued after the six changes, shows the first hook got nothing after its 4th failure.
        (await http.PostAsJsonAsync("api/v4/webhooks", new { destination = Nowhere + "&sentinel=1", settings = new[] { "status_lead" } })).EnsureSuccessStatusCode();
        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        var deliveries = await DeliveriesAsync(5);
        Assert.Equal(4, deliveries.Count(d => d.Url == Nowhere)); // the 4th failure switched it off
        var hooks = await (await http.GetAsync("api/v4/webhooks")).JsonAsync();
        Assert.True(hooks["_embedded"]!["webhooks"]![0]!["disabled"]!.GetValue<bool>());
    }

    /// <summary>Waits (for an event, at most 20 s) until exactly <paramref name="count"/> deliveries are recorded.</summary>
    private async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var deliveries = await Fakes.Control.GetWebhookDeliveriesAsync();
            Assert.True(deliveries.Count <= count, $"{deliveries.Count} deliveries, expected {count}");
            if (deliveries.Count == count)
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < until, $"timed out waiting for delivery {count}");
            await Task.Delay(20);
        }
    }

    /// <summary>Moves the fake clock a minute at a time until a retry brings the number of deliveries to <paramref name="count"/>.</summary>
    private async Task AdvanceUntilDeliveriesAsync(int count)
    {
        for (var minutes = 0; minutes <= 120; minutes++)
        {
            // A few milliseconds for the dispatcher: the retry just released (or just scheduled) settles before the next minute.
            await Task.Delay(10);
            if ((await Fakes.Control.GetWebhookDeliveriesAsync()).Count >= count)
            {
                await DeliveriesAsync(count);
                return;
            }

            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Fail($"delivery {count} did not come within two hours");
    }
}
