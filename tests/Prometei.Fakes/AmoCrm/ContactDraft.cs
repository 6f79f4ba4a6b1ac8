namespace Prometei.Fakes.AmoCrm;

/// <summary>A contact (or company) from a write request that passed validation, not stored yet.</summary>
internal sealed class ContactDraft
{
    public required string RequestId { get; init; }

    public string? Name { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public long? ResponsibleUserId { get; set; }

    public long? CreatedAt { get; set; }

    public List<(AmoFieldDefinition Field, List<AmoValue> Values)>? Fields { get; set; }

    public List<TagRef>? Tags { get; set; }

    public string DisplayName => !string.IsNullOrWhiteSpace(Name)
        ? Name
        : string.Join(' ', new[] { FirstName, LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
