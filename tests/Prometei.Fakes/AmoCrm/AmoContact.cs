namespace Prometei.Fakes.AmoCrm;

/// <summary>A stored contact. Mutable; guarded by <see cref="AmoCrmAccount.Sync"/>.</summary>
internal sealed class AmoContact
{
    public long Id { get; init; }

    public string Name { get; set; } = "";

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public long ResponsibleUserId { get; set; }

    public long CreatedBy { get; init; }

    public long UpdatedBy { get; set; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; set; }

    public List<AmoFieldValue> CustomFields { get; set; } = [];

    public List<AmoTag> Tags { get; set; } = [];

    public List<long> CompanyIds { get; } = [];

    public string CreatedVia { get; init; } = "contacts";

    /// <summary>From when <c>?query=</c> search finds the contact (index latency).</summary>
    public DateTimeOffset SearchableFrom { get; init; }
}
