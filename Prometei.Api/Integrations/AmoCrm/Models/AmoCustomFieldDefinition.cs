namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoCustomFieldDefinition(long Id, string? Name, string? Code, string? Type, IReadOnlyList<AmoEnum> Enums);
