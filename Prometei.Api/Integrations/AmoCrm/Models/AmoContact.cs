namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>A contact (contract §7); <see cref="Phones"/> and <see cref="Emails"/> are the PHONE and EMAIL values as stored.</summary>
public sealed record AmoContact(
    long Id,
    string? Name,
    string? FirstName,
    string? LastName,
    long UpdatedAt,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    IReadOnlyList<AmoCustomFieldValue> CustomFields);
