namespace Prometei.Fakes.AmoCrm;

/// <summary>A lead from a write request that passed validation, not stored yet.</summary>
internal sealed class LeadDraft
{
    public required string RequestId { get; init; }

    public string? Name { get; set; }

    public long? Price { get; set; }

    public long? PipelineId { get; set; }

    public long? StatusId { get; set; }

    public long? ResponsibleUserId { get; set; }

    public long? CreatedAt { get; set; }

    public List<(AmoFieldDefinition Field, List<AmoValue> Values)>? Fields { get; set; }

    public List<TagRef>? Tags { get; set; }

    public List<AmoContactLink> ContactLinks { get; } = [];

    public List<long> CompanyIds { get; } = [];

    /// <summary>Complex add: the contact to create with the lead.</summary>
    public ContactDraft? NewContact { get; set; }

    /// <summary>Complex add: the company to create with the lead.</summary>
    public ContactDraft? NewCompany { get; set; }
}
