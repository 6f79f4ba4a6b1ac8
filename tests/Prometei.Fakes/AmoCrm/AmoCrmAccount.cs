using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// The fake amoCRM account's data: pipelines, custom fields, leads, contacts, companies, notes and webhooks. Every read
/// and write of the mutable parts happens under <see cref="Sync"/>.
/// </summary>
internal sealed class AmoCrmAccount(FakeVendorsOptions options)
{
    private long _nextLeadId;
    private long _nextContactId;
    private long _nextCompanyId;
    private long _nextNoteId;
    private long _nextTagId;
    private long _nextWebhookId;
    private volatile AmoCrmBehavior _behavior = options.AmoCrm.Behavior;

    public Lock Sync { get; } = new();

    public AmoCrmFakeOptions Options => options.AmoCrm;

    public TimeProvider Time => options.TimeProvider;

    public AmoCrmBehavior Behavior
    {
        get => _behavior;
        set => _behavior = value;
    }

    public IReadOnlyList<AmoPipeline> Pipelines { get; private set; } = [];

    public IReadOnlyList<AmoFieldDefinition> LeadFields { get; private set; } = [];

    public IReadOnlyList<AmoFieldDefinition> ContactFields { get; private set; } = [];

    public IReadOnlyList<AmoFieldDefinition> CompanyFields { get; private set; } = [];

    public Dictionary<long, AmoLead> Leads { get; } = [];

    public Dictionary<long, AmoContact> Contacts { get; } = [];

    public Dictionary<long, AmoCompany> Companies { get; } = [];

    public List<AmoNote> Notes { get; } = [];

    public List<AmoTag> Tags { get; } = [];

    public List<AmoWebhook> Webhooks { get; } = [];

    public List<WebhookDelivery> WebhookDeliveries { get; } = [];

    /// <summary>The account's event list (contract §17): every lead status change, kept whether or not a webhook went out.</summary>
    public List<AmoEvent> Events { get; } = [];

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    public void Reset()
    {
        lock (Sync)
        {
            _behavior = options.AmoCrm.Behavior;
            Leads.Clear();
            Contacts.Clear();
            Companies.Clear();
            Notes.Clear();
            Tags.Clear();
            Webhooks.Clear();
            WebhookDeliveries.Clear();
            Events.Clear();
            _nextLeadId = 24681400;
            _nextContactId = 40123500;
            _nextCompanyId = 5001000;
            _nextNoteId = 7001000;
            _nextTagId = 120100;
            _nextWebhookId = 100;
            Pipelines = AmoCrmSeeder.Pipelines();
            LeadFields = AmoCrmSeeder.LeadFields();
            ContactFields = AmoCrmSeeder.ContactFields();
            CompanyFields = AmoCrmSeeder.CompanyFields();
            if (options.AmoCrm.SeedData)
            {
                AmoCrmSeeder.SeedData(this);
            }
        }
    }

    public long NewLeadId() => ++_nextLeadId;

    public long NewContactId() => ++_nextContactId;

    public long NewCompanyId() => ++_nextCompanyId;

    public long NewNoteId() => ++_nextNoteId;

    public long NewWebhookId() => ++_nextWebhookId;

    public IReadOnlyList<AmoFieldDefinition> FieldsOf(string entityType) => entityType switch
    {
        "leads" => LeadFields,
        "contacts" => ContactFields,
        _ => CompanyFields,
    };

    public AmoStatus? FindStatus(long pipelineId, long statusId) =>
        Pipelines.FirstOrDefault(p => p.Id == pipelineId)?.Statuses.FirstOrDefault(s => s.Id == statusId);

    public AmoTag TagNamed(string name)
    {
        var tag = Tags.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (tag is null)
        {
            tag = new AmoTag(++_nextTagId, name, null);
            Tags.Add(tag);
        }

        return tag;
    }

    public void AddTag(AmoTag tag)
    {
        Tags.Add(tag);
        _nextTagId = Math.Max(_nextTagId, tag.Id);
    }

    public IEnumerable<long> LeadIdsOf(long contactId) =>
        Leads.Values.Where(l => l.Contacts.Any(c => c.ContactId == contactId)).Select(l => l.Id).Order();

    public FakeAmoLead Snapshot(AmoLead lead) => new(
        lead.Id,
        lead.Name,
        lead.Price,
        lead.PipelineId,
        lead.StatusId,
        lead.ResponsibleUserId,
        lead.Contacts.Select(c => c.ContactId).ToList(),
        lead.Contacts.FirstOrDefault(c => c.IsMain)?.ContactId,
        lead.CompanyIds.ToList(),
        lead.Tags.Select(t => t.Name).ToList(),
        lead.CustomFields.Select(Snapshot).ToList(),
        lead.RequestId,
        lead.CreatedVia,
        lead.CreatedAt,
        lead.UpdatedAt);

    public FakeAmoContact Snapshot(AmoContact contact) => new(
        contact.Id,
        contact.Name,
        contact.FirstName,
        contact.LastName,
        ValuesOf(contact.CustomFields, "PHONE"),
        ValuesOf(contact.CustomFields, "EMAIL"),
        contact.CustomFields.Select(Snapshot).ToList(),
        LeadIdsOf(contact.Id).ToList(),
        contact.CreatedVia,
        contact.CreatedAt,
        contact.UpdatedAt);

    public static FakeAmoFieldValue Snapshot(AmoFieldValue value) => new(
        value.Field.Id,
        value.Field.Code,
        value.Field.Name,
        value.Values.Select(v => v.Value).ToList(),
        value.Values.Select(v => v.EnumCode ?? v.EnumId?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

    public static List<string> ValuesOf(IEnumerable<AmoFieldValue> fields, string code) =>
        fields.Where(f => f.Field.Code == code).SelectMany(f => f.Values.Select(v => v.Value)).ToList();
}
