namespace Prometei.Api.Integrations.AmoCrm.Models;

public sealed record AmoPipeline(long Id, string? Name, bool IsMain, bool IsArchive, IReadOnlyList<AmoStatus> Statuses);
