using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Refuses a request to the amoCRM webhook endpoint that is not a form-encoded amoCRM webhook, before it is stored; asks for a
/// catch-up run (<see cref="AmoCrmCatchUpTrigger"/>) for a valid one holding a Digital Pipeline status hook, which has no time.
/// </summary>
public sealed class AmoCrmWebhookValidator(AmoCrmCatchUpTrigger? catchUp = null) : IHttpRequestValidator
{
    public const string ValidatorName = "amocrm-webhook";

    public string Name => ValidatorName;

    public string? Validate(HttpTriggerRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return "amoCRM webhooks are application/x-www-form-urlencoded.";
        }

        return AmoCrmWebhook.Parse(request.Body).Error;
    }

    /// <summary>Only the ids, statuses, pipelines and times the flow reads: amoCRM also sends the lead's name, price and custom fields.</summary>
    public string Keep(HttpTriggerRequest request) => AmoCrmWebhook.Reduce(request.Body);

    /// <summary>A delivery with no lead status, add or update event (contacts, companies, deleted leads…): acknowledged, not stored.</summary>
    /// <remarks>
    /// Called for every valid delivery, so this is where a Digital Pipeline hook (a status change without a time, left to the
    /// catch-up, alone or beside timed events) asks for the catch-up to run now rather than at its next slot.
    /// </remarks>
    public string? Unused(HttpTriggerRequest request)
    {
        if (catchUp is not null && AmoCrmWebhook.Parse(request.Body) is { Error: null } parsed)
        {
            catchUp.Offer(parsed.Events);
        }

        return AmoCrmWebhook.UnusedEvents(request.Body);
    }
}
