namespace Prometei.Fakes.AmoCrm;

/// <summary>One delivery attempt of a webhook body; <see cref="Hook"/> is null for the single-attempt Digital Pipeline style hook.</summary>
internal sealed record WebhookAttempt(string Url, long LeadId, string Body, int Attempt, AmoWebhook? Hook);
