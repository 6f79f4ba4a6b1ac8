namespace Prometei.Api.Integrations.Kaspi;

public sealed record KaspiProbeCandidate(string BaseUrl, int? Status, bool Works, bool? TokenAccepted, long ElapsedMs, string Verdict);
