using System.Net.Http.Json;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

/// <summary>The fake amoCRM delivers hooks like the real one (contract §14.4): a retry ladder, single attempts, switch-off.</summary>
public sealed class AmoCrmWebhookDeliveryTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    // Nothing listens on port 9 of 127.0.0.1: every delivery is refused.
    private const string Nowhere = "http://127.0.0.1:9/workflows/amocrm/webhook?secret=s";

    [Fact]
    public async Task A_refused_hook_is_tried_three_times_on_the_scaled_ladder_and_once_when_single_attempt()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookTimeScale = 0.001 });
        (await http.PostAsJsonAsync("api/v4/webhooks", new { destination = Nowhere, settings = new[] { "status_lead" } })).EnsureSuccessStatusCode();

        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        await WaitUntilAsync(async () => (await fakes.Control.GetWebhookDeliveriesAsync()).Count == 3, TimeSpan.FromSeconds(20), "three attempts");
        await Task.Delay(1500); // 5 min + 15 min scaled is 1.2 s: no fourth attempt comes
        var deliveries = await fakes.Control.GetWebhookDeliveriesAsync();
        Assert.Equal([1, 2, 3], deliveries.Select(d => d.Attempt));
        Assert.All(deliveries, d => Assert.Equal(0, d.Status));
        Assert.True(deliveries[1].Time - deliveries[0].Time >= TimeSpan.FromMilliseconds(250), "the second attempt waited ~5 min scaled");

        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookTimeScale = 0.001, WebhookSingleAttempt = true });
        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        await Task.Delay(2000);
        Assert.Equal(4, (await fakes.Control.GetWebhookDeliveriesAsync()).Count);
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
                await WaitUntilAsync(async () => (await fakes.Control.GetWebhookDeliveriesAsync()).Count == i + 1, TimeSpan.FromSeconds(10), "the delivery");
            }
        }

        await Task.Delay(1000);
        Assert.Equal(4, (await fakes.Control.GetWebhookDeliveriesAsync()).Count); // the 4th failure switched it off
        var hooks = await (await http.GetAsync("api/v4/webhooks")).JsonAsync();
        Assert.True(hooks["_embedded"]!["webhooks"]![0]!["disabled"]!.GetValue<bool>());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
