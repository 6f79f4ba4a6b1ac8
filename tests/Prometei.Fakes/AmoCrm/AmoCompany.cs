namespace Prometei.Fakes.AmoCrm;

/// <summary>A stored company (made by <c>/leads/complex</c>).</summary>
internal sealed class AmoCompany
{
    public long Id { get; init; }

    public string Name { get; set; } = "";

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; set; }

    public List<AmoFieldValue> CustomFields { get; set; } = [];

    public List<long> ContactIds { get; } = [];
}
