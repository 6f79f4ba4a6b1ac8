using System.Net;
using System.Net.Http.Json;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class SandboxTests
{
    [Fact]
    public async Task Sandbox_orders_appear_over_time_and_new_leads_move_on_with_a_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions
        {
            Sandbox = true,
            Seed = 7,
            AmoCrm = { WebhookUrl = receiver.Url },
            SandboxOrders =
            {
                InitialOrders = 2,
                MinInterval = TimeSpan.FromMilliseconds(100),
                MaxInterval = TimeSpan.FromMilliseconds(200),
                AdvanceLeadsAfter = TimeSpan.Zero,
            },
        });
        using var http = fakes.AmoCrm(FakeVendorsExtensions.SandboxLongLivedToken);
        using var created = await http.PostAsJsonAsync("api/v4/leads/complex", AmoCrmLeadsTests.ComplexLeads(1));
        var leadId = (await created.JsonAsync())[0]!["id"]!.GetValue<long>();

        var form = await receiver.NextAsync();
        var orders = await fakes.Control.GetKaspiOrdersAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(leadId.ToString(System.Globalization.CultureInfo.InvariantCulture), form["leads[status][0][id]"]);
        Assert.Equal(AmoCrmSeedIds.SendToErpStatusId.ToString(System.Globalization.CultureInfo.InvariantCulture), form["leads[status][0][status_id]"]);
        Assert.True(orders.Count >= 3, $"{orders.Count} orders");
        Assert.All(orders, o =>
        {
            Assert.Matches("^7[0-9]{9,10}$", o.Customer.CellPhone);
            Assert.NotEmpty(o.Entries);
            Assert.Equal(o.Entries.Sum(e => e.TotalPrice), o.TotalPrice);
        });
    }

    [Fact]
    public async Task The_sandbox_long_lived_token_and_issued_long_lived_tokens_work_without_refresh()
    {
        await using var fakes = await FakeVendors.StartAsync(new FakeVendorsOptions { Sandbox = true, SandboxOrders = { InitialOrders = 0 } });
        var issued = await fakes.Control.IssueLongLivedTokenAsync(TimeSpan.FromDays(30));
        using var viaIssued = fakes.AmoCrm(issued.AccessToken);
        using var viaSandbox = fakes.AmoCrm(FakeVendorsExtensions.SandboxLongLivedToken);

        await fakes.Control.ExpireAccessTokensAsync();
        using var viaRefresh = await fakes.RefreshAsync(viaIssued, FakeVendorsExtensions.SandboxRefreshToken);
        using var a = await viaIssued.GetAsync("api/v4/account");
        using var b = await viaSandbox.GetAsync("api/v4/account?with=datetime_settings");

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaRefresh.StatusCode);
        var account = await b.JsonAsync();
        Assert.Equal("acmeshop", account["subdomain"]!.GetValue<string>());
        Assert.Equal("Asia/Almaty", account["_embedded"]!["datetime_settings"]!["timezone"]!.GetValue<string>());
    }
}
