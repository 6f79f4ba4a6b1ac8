namespace Prometei.Fakes.AmoCrm;

/// <summary>A webhook subscription made through <c>POST /api/v4/webhooks</c>.</summary>
internal sealed record AmoWebhook(long Id, string Destination, IReadOnlyList<string> Settings, int Sort, long CreatedAt);
