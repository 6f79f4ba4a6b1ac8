namespace Prometei.Fakes.AmoCrm;

/// <summary>A stored lead. Mutable; guarded by <see cref="AmoCrmAccount.Sync"/>.</summary>
internal sealed class AmoLead
{
    public long Id { get; init; }

    public string Name { get; set; } = "";

    public long Price { get; set; }

    public long ResponsibleUserId { get; set; }

    public long StatusId { get; set; }

    public long PipelineId { get; set; }

    public long CreatedBy { get; init; }

    public long UpdatedBy { get; set; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; set; }

    public long? ClosedAt { get; set; }

    public List<AmoFieldValue> CustomFields { get; set; } = [];

    public List<AmoTag> Tags { get; set; } = [];

    public List<AmoContactLink> Contacts { get; } = [];

    public List<long> CompanyIds { get; } = [];

    public string? RequestId { get; init; }

    public string CreatedVia { get; init; } = "leads";

    /// <summary>The status the lead was created in (the sandbox moves leads that are still there).</summary>
    public long InitialStatusId { get; init; }
}
