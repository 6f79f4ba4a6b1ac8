using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

/// <summary>The switchable forms of the fakes that the contracts leave open (lines in pages, lists without meta, a Digital Pipeline's short hook).</summary>
public sealed class VendorFormsTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task Lines_in_pages_carry_links_next_until_the_last_and_lists_without_meta_a_next_link()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        var now = DateTimeOffset.UtcNow;
        NewFakeKaspiEntry Line(int n) => new() { OfferCode = "SKU-" + n.ToString(CultureInfo.InvariantCulture), OfferName = "Товар", BasePrice = 100 };
        var order = await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder { CreationDate = now.AddMinutes(-5), Entries = [Line(1), Line(2), Line(3)] });
        await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder { CreationDate = now.AddMinutes(-4) });
        await fakes.Control.SetKaspiBehaviorAsync(new KaspiBehavior { EntriesPageSize = 2, OrdersWithoutMeta = true });

        var (_, first) = await fakes.SendKaspiAsync(http, $"orders/{order.Id}/entries");
        var next = first!["links"]!["next"]!.GetValue<string>();
        var (_, second) = await fakes.SendKaspiAsync(http, next[(next.IndexOf("/orders/", StringComparison.Ordinal) + 1)..]);
        var filter = $"filter[orders][state]=NEW&filter[orders][creationDate][$ge]={now.AddHours(-1).ToUnixTimeMilliseconds()}&filter[orders][creationDate][$le]={now.ToUnixTimeMilliseconds()}";
        var (_, list) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=1&{filter}");
        var (_, last) = await fakes.SendKaspiAsync(http, $"orders?page[number]=1&page[size]=1&{filter}");

        Assert.Equal(["SKU-1", "SKU-2"], Codes(first));
        Assert.Equal(2, first["meta"]!["pageCount"]!.GetValue<int>());
        Assert.Equal(["SKU-3"], Codes(second!));
        Assert.Null(second!["links"]);
        Assert.Null(list!["meta"]);
        Assert.Contains("page%5Bnumber%5D=1", list["links"]!["next"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(last!["links"]);
    }

    [Fact]
    public async Task The_digital_pipeline_hook_in_its_short_form_holds_the_ids_and_no_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions
        {
            AmoCrm = { WebhookUrl = receiver.Url, Behavior = new AmoCrmBehavior { DigitalPipelineShortForm = true } },
        });

        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.KaspiPipelineId));
        var form = await receiver.NextAsync();

        Assert.Equal(
            ["account[id]", "account[subdomain]", "leads[status][0][id]", "leads[status][0][old_pipeline_id]", "leads[status][0][old_status_id]",
             "leads[status][0][pipeline_id]", "leads[status][0][status_id]"],
            form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(AmoCrmSeedIds.ShippedStatusId.ToString(CultureInfo.InvariantCulture), form["leads[status][0][status_id]"]);
    }

    private static List<string> Codes(JsonObject body) =>
        body["data"]!.AsArray().Select(e => e!["attributes"]!["offer"]!["code"]!.GetValue<string>()).ToList();
}
