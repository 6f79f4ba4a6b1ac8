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
    [InlineData("%2B77071234567[x]=1&Ivan Petrov[add]=1&account[id]=1", "no events")]   // no value is taken for an event name (they are logged)
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
    [InlineData("leads[status][0][id]=1&leads[status][0][updated_at]=5&contacts[add][0][id]=2&account[id]=1")]
    [InlineData("leads[status][0][id]=1&leads[status][0][updated_at]=5")]
    [InlineData("")]
    public void UnusedEvents_LeadEventsOrMalformed_IsNull(string body) => Assert.Null(AmoCrmWebhook.UnusedEvents(body));

    // amoCRM's own examples of other events (webhooks-format): a task hook carries account[subdomain] only, a chat message
    // hook no account at all, a WhatsApp template hook no entity. Refused with 400, they counted as failed deliveries towards
    // switching off the hook that also carries the lead status changes.
    [Theory]
    [InlineData("task%5Bupdate%5D%5B0%5D%5Bid%5D=11122233&task%5Bupdate%5D%5B0%5D%5Belement_id%5D=33322211&task%5Bupdate%5D%5B0%5D%5Blast_modified%5D=2017-07-21+19%3A00%3A00&account%5Bsubdomain%5D=test", "task[update]")]
    [InlineData("message[add][0][id]=amo12345&message[add][0][chat_id]=2f61&message[add][0][text]=Hello+World%21&message[add][0][element_id]=123456789", "message[add]")]
    [InlineData("add[0][id]=6955&add[0][type]=waba&add[0][account_id]=31089582", "add[0]")]
    [InlineData("unsorted[add][0][uid]=40789acb&unsorted[add][0][data][leads][0][name]=x&unsorted[add][0][pipeline_id]=142141&account[subdomain]=test&account[id]=1312313", "unsorted[add]")]
    [InlineData("unsorted[delete][0][action]=accept&unsorted[delete][0][accept_result][leads][0]=2132111&account[id]=1312313", "unsorted[delete]")]
    [InlineData("contacts[add][0][id]=2", "contacts[add]")]
    [InlineData("leads[note][0][note][element_id]=7&leads[note][0][note][text]=x&account[id]=1", "leads[note]")]
    [InlineData("leads[responsible][0][id]=7&leads[responsible][0][responsible_user_id]=3&leads[restore][0][id]=8&account[id]=1", "leads[responsible],leads[restore]")]
    public void Validator_OtherEventsEvenWithoutAnAccountId_AcknowledgedNotRefused(string body, string expected)
    {
        var validator = new AmoCrmWebhookValidator();
        var request = new HttpTriggerRequest("POST", "amocrm/webhook", new Dictionary<string, string[]>(), "application/x-www-form-urlencoded", body);

        Assert.Null(validator.Validate(request));
        Assert.Equal(expected, validator.Unused(request));
    }

    // A Digital Pipeline "send webhook" action sends the short form (contract §14.6, amoCRM's DP webhooks page): ids only, no time.
    private const string DigitalPipelineHook =
        "leads%5Bstatus%5D%5B0%5D%5Bid%5D=24681357&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=61234571&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=7012345" +
        "&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D=61234567&leads%5Bstatus%5D%5B0%5D%5Bold_pipeline_id%5D=7012345" +
        "&account%5Bid%5D=31234567&account%5Bsubdomain%5D=acmeshop";

    [Fact]
    public void Parse_DigitalPipelineHook_HasNoTime_AndIsLeftToTheCatchUp()
    {
        var e = Assert.Single(AmoCrmWebhook.Parse(DigitalPipelineHook).Events);

        // Keyed by a time of 0, its ERP task differed from the catch-up's (keyed by the event's created_at): two tasks for one
        // change; and the lead's next entry into the same stage was answered from the ledger: no task.
        Assert.Null(e.Timestamp);
        Assert.True(e.StatusChanged);
        Assert.False(AmoCrmWebhook.Matches(e, [], []));
        Assert.Equal("leads[status] (no time: left to the catch-up)", AmoCrmWebhook.UnusedEvents(DigitalPipelineHook));
    }

    [Fact]
    public void Parse_TimeInAnotherForm_IsNoTime_NotARefusal()
    {
        var body = StatusWebhook
            .Replace("last_modified%5D=1732101300", "last_modified%5D=2024-11-20+11%3A15%3A00", StringComparison.Ordinal)
            .Replace("&leads%5Bstatus%5D%5B0%5D%5Bupdated_at%5D=1732101300", "", StringComparison.Ordinal);

        var (events, error) = AmoCrmWebhook.Parse(body);

        Assert.Null(error);
        Assert.Null(Assert.Single(events).Timestamp);
        Assert.NotNull(AmoCrmWebhook.UnusedEvents(body));
    }

    [Fact]
    public void UnusedEvents_LeadAddedWithoutAStatusChange_IsAcknowledgedNotStored()
    {
        var body = "leads[add][0][id]=5&leads[add][0][status_id]=10&leads[add][0][pipeline_id]=6&leads[add][0][updated_at]=7&account[id]=1";

        Assert.Single(AmoCrmWebhook.Parse(body).Events);
        Assert.Equal("leads[add]", AmoCrmWebhook.UnusedEvents(body));
    }

    [Fact]
    public void Parse_PercentEncodedCyrillicPlusSpacesNestedFieldsAndLinks_ReadsTheIds_AndReduceDropsTheRest()
    {
        // Two leads in one hook; values as amoCRM sends them: strings, UTF-8 percent-encoded, '+' for a space, '%2B' for a plus.
        var body =
            "leads%5Bstatus%5D%5B0%5D%5Bid%5D=30000000001&leads%5Bstatus%5D%5B0%5D%5Bname%5D=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+Kaspi+%E2%84%96785512309" +
            "&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=142&leads%5Bstatus%5D%5B0%5D%5Bold_status_id%5D=61234567&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=7012345" +
            "&leads%5Bstatus%5D%5B0%5D%5Bprice%5D=&leads%5Bstatus%5D%5B0%5D%5Bupdated_at%5D=1732101300" +
            "&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bid%5D=1234571&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bname%5D=%D0%94%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0" +
            "&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D=Kaspi+%D0%94%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0" +
            "&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Benum%5D=905511" +
            "&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B1%5D%5Bid%5D=1234580&leads%5Bstatus%5D%5B0%5D%5Bcustom_fields%5D%5B1%5D%5Bvalues%5D%5B0%5D=%2B77071234567" +
            "&leads%5Bstatus%5D%5B0%5D%5Btags%5D%5B0%5D%5Bname%5D=Kaspi" +
            "&leads%5Bstatus%5D%5B1%5D%5Bid%5D=24681358&leads%5Bstatus%5D%5B1%5D%5Bstatus_id%5D=61234571&leads%5Bstatus%5D%5B1%5D%5Bold_status_id%5D=61234567" +
            "&leads%5Bstatus%5D%5B1%5D%5Bpipeline_id%5D=7012345&leads%5Bstatus%5D%5B1%5D%5Blast_modified%5D=1732101301" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567&account%5B_links%5D%5Bself%5D=https%3A%2F%2Facmeshop.amocrm.ru";

        var (events, error) = AmoCrmWebhook.Parse(body);
        var reduced = AmoCrmWebhook.Reduce(body);

        Assert.Null(error);
        Assert.Equal([(30000000001L, 142L, 1732101300L), (24681358L, 61234571L, 1732101301L)], events.Select(e => (e.LeadId, e.StatusId!.Value, e.Timestamp!.Value)));
        Assert.All(events, e => Assert.True(AmoCrmWebhook.Matches(e, [7012345], [])));
        Assert.Null(AmoCrmWebhook.UnusedEvents(body));
        Assert.Equal(events, AmoCrmWebhook.Parse(reduced).Events);
        Assert.DoesNotContain("77071234567", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("%D0", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("_links", reduced, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_WidgetJsonBody_IsAClearRefusal()
    {
        // A Digital Pipeline widget's own webhook (JSON: event.type_code lead_appeared_in_status) is for a widget's server, not this
        // endpoint: refused with a reason, nothing stored.
        var json = """{"event":{"type":15,"type_code":"lead_appeared_in_status","data":{"id":24681357,"element_type":2,"status_id":61234571,"pipeline_id":7012345},"time":1732101300},"subdomain":"acmeshop"}""";
        var validator = new AmoCrmWebhookValidator();

        Assert.Equal("amoCRM webhooks are application/x-www-form-urlencoded.",
            validator.Validate(new HttpTriggerRequest("POST", "amocrm/webhook", new Dictionary<string, string[]>(), "application/json", json)));
        Assert.Equal("The body is not form-encoded.",
            validator.Validate(new HttpTriggerRequest("POST", "amocrm/webhook", new Dictionary<string, string[]>(), "application/x-www-form-urlencoded", json)));
    }
}
