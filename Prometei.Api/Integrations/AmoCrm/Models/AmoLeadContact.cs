namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoLeadContact(long Id, bool IsMain, string? Name, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);
