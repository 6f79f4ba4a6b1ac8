namespace Prometei.Fakes.AmoCrm;

/// <summary>The values an entity holds for one custom field.</summary>
internal sealed record AmoFieldValue(AmoFieldDefinition Field, IReadOnlyList<AmoValue> Values);
