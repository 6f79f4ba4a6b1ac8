using Prometei.Workflows.Activities.Integration;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.UnitTests.Integration;

public sealed class AmoCrmWebhookTests
{
    // shared/contracts/amocrm-api.md §14.6, as it goes over the wire.
    private const string StatusWebhook =
        "leads%5Bstatus%5D%5B0%5D%5Bid%5D=24681357&leads%5Bstatus%5D%5B0%5D%5Bname%5D=Kaspi+785512309" +
        "&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=61234571&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D=61234567" +
        "&leads%5Bstatus%5D%5B0%5D%5Bprice%5D=184990&leads%5Bstatus%5D%5B0%5D%5Blast_modified%5D=1732101300" +
        "&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=7012345&leads%5Bstatus%5D%5B0%5D%5Bold_pipeline_id%5D=7012345" +
        "&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D=785512309" +
        "&leads%5Bstatus%5D%5B0%5D%5Bupdated_at%5D=1732101300" +
        "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567&account%5B_links%5D%5Bself%5D=https%3A%2F%2Facmeshop.amocrm.ru";

    [Fact]
    public void Parse_ContractStatusWebhook_YieldsTheLeadEvent()
    {
        var (events, error) = AmoCrmWebhook.Parse(StatusWebhook);

        Assert.Null(error);
        var e = Assert.Single(events);
        Assert.Equal(("status", 24681357L, 31234567L, "acmeshop"), (e.Action, e.LeadId, e.AccountId, e.Subdomain));
        Assert.Equal((7012345L, 61234571L, 7012345L, 61234567L), (e.PipelineId!.Value, e.StatusId!.Value, e.OldPipelineId!.Value, e.OldStatusId!.Value));
        Assert.True(e.StatusChanged);
        Assert.False(e.PipelineChanged);
        Assert.Equal(1732101300L, e.Timestamp);
    }

    [Fact]
    public void Reduce_KeepsWhatParseReads_AndDropsTheLeadsNamePriceAndCustomFields()
    {
        var reduced = AmoCrmWebhook.Reduce(StatusWebhook);

        Assert.Equal(AmoCrmWebhook.Parse(StatusWebhook).Events, AmoCrmWebhook.Parse(reduced).Events);
        Assert.Equal(
            "leads%5Bstatus%5D%5B0%5D%5Bid%5D=24681357&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=61234571" +
            "&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D=61234567&leads%5Bstatus%5D%5B0%5D%5Blast_modified%5D=1732101300" +
            "&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=7012345&leads%5Bstatus%5D%5B0%5D%5Bold_pipeline_id%5D=7012345" +
            "&leads%5Bstatus%5D%5B0%5D%5Bupdated_at%5D=1732101300&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567",
            reduced);
        Assert.DoesNotContain("785512309", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("184990", reduced, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameEventTwice_SameWebhookId_OtherStatus_OtherId()
    {
        var first = AmoCrmWebhook.Parse(StatusWebhook).Events.Single();
        var again = AmoCrmWebhook.Parse(StatusWebhook).Events.Single();
        var other = AmoCrmWebhook.Parse(StatusWebhook.Replace("status_id%5D=61234571", "status_id%5D=61234572", StringComparison.Ordinal)).Events.Single();

        Assert.Equal(first.WebhookId, again.WebhookId);
        Assert.NotEqual(first.WebhookId, other.WebhookId);
    }

    [Fact]
    public void Parse_SeveralLeadsAndActions_YieldsEach()
    {
        var body = "leads[status][0][id]=1&leads[status][0][status_id]=10&leads[status][0][pipeline_id]=5" +
                   "&leads[status][1][id]=2&leads[status][1][status_id]=11&leads[status][1][pipeline_id]=6&leads[status][1][old_pipeline_id]=5" +
                   "&leads[update][0][id]=3&leads[update][0][status_id]=10&leads[update][0][old_status_id]=10&account[id]=9&account[subdomain]=x";

        var events = AmoCrmWebhook.Parse(body).Events;

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.LeadId).Order());
        Assert.True(events.Single(e => e.LeadId == 2).PipelineChanged);
        Assert.False(events.Single(e => e.LeadId == 3).StatusChanged);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"leads\":[]}", "form-encoded")]
    [InlineData("leads[status][0][id]=1", "account[id]")]
    [InlineData("leads[status][0][id]=abc&account[id]=1", "[id]")]
    [InlineData("leads[status][0][id]=1&leads[status][0][status_id]=x&account[id]=1", "status_id")]
    [InlineData("account[id]=1&account[subdomain]=x", "no events")]
    public void Parse_MalformedBody_NamesTheProblem(string body, string expected)
    {
        var (events, error) = AmoCrmWebhook.Parse(body);

        Assert.Empty(events);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_Filters_EmptyMeansAll()
    {
        var e = AmoCrmWebhook.Parse(StatusWebhook).Events.Single();

        Assert.True(AmoCrmWebhook.Matches(e, [], []));
        Assert.True(AmoCrmWebhook.Matches(e, [7012345], [61234571]));
        Assert.False(AmoCrmWebhook.Matches(e, [1], []));
        Assert.False(AmoCrmWebhook.Matches(e, [], [1]));
    }

    [Fact]
    public void Validator_WrongContentTypeOrBody_Refused_GoodWebhookAccepted()
    {
        var validator = new AmoCrmWebhookValidator();
        var empty = new Dictionary<string, string[]>();

        Assert.NotNull(validator.Validate(new HttpTriggerRequest("POST", "amocrm/webhook", empty, "application/json", StatusWebhook)));
        Assert.NotNull(validator.Validate(new HttpTriggerRequest("POST", "amocrm/webhook", empty, "application/x-www-form-urlencoded", "x=1")));
        Assert.Null(validator.Validate(new HttpTriggerRequest("POST", "amocrm/webhook", empty, "application/x-www-form-urlencoded; charset=utf-8", StatusWebhook)));
    }

    [Theory]
    [InlineData("contacts%5Badd%5D%5B0%5D%5Bid%5D=41&contacts%5Badd%5D%5B0%5D%5Bname%5D=A&account%5Bid%5D=1&account%5Bsubdomain%5D=x", "contacts[add]")]
    [InlineData("leads[delete][0][id]=7&account[id]=1", "leads[delete]")]
    [InlineData("companies[update][0][id]=7&contacts[update][0][id]=8&account[id]=1", "companies[update],contacts[update]")]
    public void UnusedEvents_WellFormedDeliveryWithoutLeadEvents_NamesWhatItHolds(string body, string expected)
    {
        Assert.Equal(expected, AmoCrmWebhook.UnusedEvents(body));
        Assert.Null(AmoCrmWebhook.Parse(body).Error);
        Assert.Empty(AmoCrmWebhook.Parse(body).Events);
    }

    [Theory]
    [InlineData("leads[status][0][id]=1&contacts[add][0][id]=2&account[id]=1")]
    [InlineData("contacts[add][0][id]=2")]
    [InlineData("")]
    public void UnusedEvents_LeadEventsOrMalformed_IsNull(string body) => Assert.Null(AmoCrmWebhook.UnusedEvents(body));
}
