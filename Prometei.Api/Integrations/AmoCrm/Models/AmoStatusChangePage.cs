namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoStatusChangePage(IReadOnlyList<AmoStatusChange> Changes, bool HasNext);
