namespace Prometei.Fakes.AmoCrm;

/// <summary>One value of a custom field.</summary>
internal sealed record AmoValue(string Value, long? EnumId, string? EnumCode);
