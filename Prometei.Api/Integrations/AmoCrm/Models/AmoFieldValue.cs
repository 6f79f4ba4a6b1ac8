namespace Prometei.Api.Integrations.AmoCrm.Models;

/// <summary>One value of a custom field; non-text values (numbers, flags, addresses) as their JSON text.</summary>
public sealed record AmoFieldValue(string? Value, long? EnumId, string? EnumCode);
