namespace Prometei.Fakes.Control;

/// <summary>A custom-field value of a stored lead or contact.</summary>
/// <param name="FieldId">The field id.</param>
/// <param name="FieldCode">The field code (<c>PHONE</c>, <c>EMAIL</c>) or null for user fields.</param>
/// <param name="FieldName">The field name.</param>
/// <param name="Values">The values as text (enum values as their text).</param>
/// <param name="EnumCodes">For each value its enum code (<c>MOB</c>, <c>WORK</c>) or enum id as text, or null.</param>
public sealed record FakeAmoFieldValue(
    long FieldId,
    string? FieldCode,
    string FieldName,
    IReadOnlyList<string> Values,
    IReadOnlyList<string?> EnumCodes);
