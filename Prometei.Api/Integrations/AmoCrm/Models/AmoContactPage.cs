namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoContactPage(IReadOnlyList<AmoContact> Contacts, bool HasNext);
