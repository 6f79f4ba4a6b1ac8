namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoEnum(long Id, string? Value);
