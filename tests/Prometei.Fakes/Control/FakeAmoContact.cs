namespace Prometei.Fakes.Control;

/// <summary>A contact as the fake amoCRM stores it (<c>GET /_control/amocrm/contacts</c>).</summary>
/// <remarks>
/// <c>Phones</c>: PHONE values exactly as stored (formats vary).<br/>
/// <c>Emails</c>: EMAIL values.<br/>
/// </remarks>
public sealed record FakeAmoContact(
    long Id,
    string Name,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    IReadOnlyList<FakeAmoFieldValue> CustomFields,
    IReadOnlyList<long> LeadIds,
    string CreatedVia,
    long CreatedAt,
    long UpdatedAt);
