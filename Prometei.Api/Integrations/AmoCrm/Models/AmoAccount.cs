namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoAccount(long Id, string? Name, string? Subdomain);
