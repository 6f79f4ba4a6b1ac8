using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Sync;

namespace Prometei.Api.UnitTests;

/// <summary>The pure decisions of the gateway's one-call operations: which contacts an ERP task reads, where a poll's watermark goes.</summary>
public sealed class GatewayRoundTripTests
{
    [Theory]
    [InlineData("""{"title":"{{lead.name}}","amount":"{{lead.price}}"}""", LeadContacts.None)]
    [InlineData("""{"customer":"{{lead.contact.name}}"}""", LeadContacts.Main)]
    [InlineData("""{"phone":"{{ lead.Contact.phone }}"}""", LeadContacts.Main)]
    [InlineData("""{"second":"{{lead.contacts.1.name}}","first":"{{lead.contact.name}}"}""", LeadContacts.All)]
    [InlineData("""{"lead":"{{lead}}"}""", LeadContacts.All)]
    [InlineData("""{"contactless":"{{lead.contactless}}"}""", LeadContacts.None)]
    public void ContactsUsedBy_TheTemplatesPlaceholders_DecideTheContactReads(string template, LeadContacts expected) =>
        Assert.Equal(expected, ErpMapping.ContactsUsedBy([template]));

    [Fact]
    public void ContactsUsedBy_DefaultTemplateAndTexts_NeedTheMainContactOnly() =>
        Assert.Equal(LeadContacts.Main, ErpMapping.ContactsUsedBy([ErpOptions.DefaultTaskTemplate, .. ErpOptions.DefaultTexts.Values]));

    [Fact]
    public void ContactsUsedBy_AText_CountsLikeTheTemplate() =>
        Assert.Equal(LeadContacts.Main, ErpMapping.ContactsUsedBy(["""{"title":"{{texts.taskTitle}}"}""", "Клиент {{lead.contact.name}}"]));

    [Fact]
    public void NextWatermark_EveryOrderDone_IsThePollsWatermark() =>
        Assert.Equal(5_000, KaspiPollService.NextWatermark(5_000, [(1_000, SyncOrderResult.Created), (2_000, SyncOrderResult.AlreadyProcessed), (3_000, SyncOrderResult.DryRun)]));

    [Fact]
    public void NextWatermark_AnOrderNotDone_StopsJustBeforeTheOldestOfThem() =>
        Assert.Equal(1_999, KaspiPollService.NextWatermark(5_000, [(1_000, SyncOrderResult.Created), (3_000, SyncOrderResult.InProgress), (2_000, SyncOrderResult.Failed), (4_000, SyncOrderResult.Created)]));

    [Fact]
    public void NextWatermark_NoOrders_IsThePollsWatermark() =>
        Assert.Equal(5_000, KaspiPollService.NextWatermark(5_000, []));

    [Fact]
    public void NextWatermark_OrdersLeftForTheNextBatch_StopsJustBeforeTheOldestLeft() =>
        Assert.Equal(2_499, KaspiPollService.NextWatermark(5_000, [(1_000, SyncOrderResult.Created), (2_000, SyncOrderResult.Created)], oldestLeft: 2_500));

    [Fact]
    public void NextWatermark_AFailedOrderOlderThanThoseLeft_StopsBeforeTheFailedOne() =>
        Assert.Equal(999, KaspiPollService.NextWatermark(5_000, [(1_000, SyncOrderResult.Failed), (2_000, SyncOrderResult.Created)], oldestLeft: 2_500));
}
