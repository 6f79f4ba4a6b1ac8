namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoCustomFieldValue(long FieldId, string? FieldName, string? FieldCode, string? FieldType, IReadOnlyList<AmoFieldValue> Values);
