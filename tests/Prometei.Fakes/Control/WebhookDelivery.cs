namespace Prometei.Fakes.Control;

/// <summary>One webhook POST the fake amoCRM made (<c>GET /_control/amocrm/webhook-deliveries</c>).</summary>
/// <remarks>
/// <c>Status</c>: The receiver's answer, or 0 when it did not answer within 2 seconds or could not be reached.<br/>
/// <c>Body</c>: The form-encoded body as sent.<br/>
/// </remarks>
public sealed record WebhookDelivery(DateTimeOffset Time, string Url, long LeadId, int Status, string? Error, string Body, int Attempt = 1);
