namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoContactLink(long Id, bool IsMain);
