using System.Globalization;
using System.Net;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

/// <summary><c>GET /api/v4/events</c> (contract §17): the catch-up's source.</summary>
public sealed class AmoCrmEventsTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task A_status_change_is_listed_as_lead_status_changed_and_filters_by_value_after_and_time()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        const string Type = "filter[type]=lead_status_changed&filter[entity]=lead";
        using var none = await http.GetAsync($"api/v4/events?{Type}");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);

        var moved = await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        var lead = await fakes.Control.GetAmoCrmLeadAsync(moved.Id);
        var into = $"filter[value_after][leads_statuses][0][pipeline_id]={AmoCrmSeedIds.KaspiPipelineId}&filter[value_after][leads_statuses][0][status_id]={AmoCrmSeedIds.ShippedStatusId}";
        var elsewhere = $"filter[value_after][leads_statuses][0][pipeline_id]={AmoCrmSeedIds.KaspiPipelineId}&filter[value_after][leads_statuses][0][status_id]={AmoCrmSeedIds.ConfirmedStatusId}";

        using var listed = await http.GetAsync($"api/v4/events?{Type}&{into}&limit=100");
        using var otherStage = await http.GetAsync($"api/v4/events?{Type}&{elsewhere}");
        using var later = await http.GetAsync($"api/v4/events?{Type}&filter[created_at][from]={(lead.UpdatedAt + 1).ToString(CultureInfo.InvariantCulture)}");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var e = (await listed.JsonAsync())["_embedded"]!["events"]![0]!;
        Assert.Equal("lead_status_changed", e["type"]!.GetValue<string>());
        Assert.Equal(AmoCrmSeedIds.SeedLeadId, e["entity_id"]!.GetValue<long>());
        Assert.Equal(lead.UpdatedAt, e["created_at"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.ShippedStatusId, e["value_after"]![0]!["lead_status"]!["id"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.SendToErpStatusId, e["value_before"]![0]!["lead_status"]!["id"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.AccountId, e["account_id"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(e["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, otherStage.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
    }
}
