using System.Globalization;
using System.Threading.Channels;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// Builds amoCRM's form-encoded webhooks (contract §14.2, §14.6) when a lead is added or changes status, and queues them
/// for <see cref="AmoCrmWebhookDispatcher"/>. Destinations: subscriptions made with <c>POST /api/v4/webhooks</c>
/// (<c>add_lead</c>, <c>status_lead</c>) and <see cref="AmoCrmFakeOptions.WebhookUrl"/> (status changes).
/// </summary>
internal sealed class AmoCrmWebhooks(AmoCrmAccount account)
{
    private readonly Channel<WebhookAttempt> _queue = Channel.CreateUnbounded<WebhookAttempt>();

    public ChannelReader<WebhookAttempt> Reader => _queue.Reader;

    public AmoCrmAccount Account => account;

    /// <summary>Queues the status webhook of a lead. Call under <see cref="AmoCrmAccount.Sync"/>.</summary>
    public void StatusChanged(AmoLead lead, long oldStatusId, long oldPipelineId)
    {
        // The event list has it at the lead's updated_at: the time the webhook carries too.
        account.Events.Add(new AmoEvent(
            Guid.NewGuid().ToString("N")[..20], "lead_status_changed", lead.Id, lead.UpdatedAt, lead.UpdatedBy, oldPipelineId, oldStatusId, lead.PipelineId, lead.StatusId));

        var destinations = account.Webhooks.Where(w => w.Settings.Contains("status_lead") && !w.Disabled).ToList();
        Queue(destinations, lead, "status", oldStatusId, oldPipelineId, account.Options.WebhookUrl);
    }

    /// <summary>Queues the add webhook of a lead. Call under <see cref="AmoCrmAccount.Sync"/>.</summary>
    public void Added(AmoLead lead)
    {
        var destinations = account.Webhooks.Where(w => w.Settings.Contains("add_lead") && !w.Disabled).ToList();
        Queue(destinations, lead, "add", null, null, null);
    }

    private void Queue(List<AmoWebhook> hooks, AmoLead lead, string action, long? oldStatusId, long? oldPipelineId, string? digitalPipelineUrl)
    {
        if (hooks.Count == 0 && string.IsNullOrEmpty(digitalPipelineUrl))
        {
            return;
        }

        var body = Body(lead, action, oldStatusId, oldPipelineId);
        foreach (var hook in hooks.DistinctBy(h => h.Destination))
        {
            _queue.Writer.TryWrite(new WebhookAttempt(hook.Destination, lead.Id, body, 1, hook));
        }

        if (!string.IsNullOrEmpty(digitalPipelineUrl) && hooks.All(h => h.Destination != digitalPipelineUrl))
        {
            // Sent by the account itself, like a Digital Pipeline action: one attempt, never switched off.
            var sent = account.Behavior.DigitalPipelineShortForm && action == "status" ? ShortBody(lead, oldStatusId, oldPipelineId) : body;
            _queue.Writer.TryWrite(new WebhookAttempt(digitalPipelineUrl, lead.Id, sent, 1, null));
        }
    }

    /// <summary>Queues an attempt again (a retry of the ladder).</summary>
    public void Requeue(WebhookAttempt attempt) => _queue.Writer.TryWrite(attempt);

    private string Body(AmoLead lead, string action, long? oldStatusId, long? oldPipelineId)
    {
        var prefix = $"leads[{action}][0]";
        var fields = new List<(string, string)>
        {
            ($"{prefix}[id]", Text(lead.Id)),
            ($"{prefix}[name]", lead.Name),
            ($"{prefix}[status_id]", Text(lead.StatusId)),
        };
        if (oldStatusId is long oldStatus)
        {
            fields.Add(($"{prefix}[old_status_id]", Text(oldStatus)));
        }

        fields.AddRange(
        [
            ($"{prefix}[price]", Text(lead.Price)),
            ($"{prefix}[responsible_user_id]", Text(lead.ResponsibleUserId)),
            ($"{prefix}[last_modified]", Text(lead.UpdatedAt)),
            ($"{prefix}[modified_user_id]", Text(lead.UpdatedBy)),
            ($"{prefix}[created_user_id]", Text(lead.CreatedBy)),
            ($"{prefix}[date_create]", Text(lead.CreatedAt)),
            ($"{prefix}[pipeline_id]", Text(lead.PipelineId)),
        ]);
        if (oldPipelineId is long oldPipeline && oldPipeline != lead.PipelineId)
        {
            fields.Add(($"{prefix}[old_pipeline_id]", Text(oldPipeline)));
        }

        fields.Add(($"{prefix}[account_id]", Text(account.Options.AccountId)));
        for (var j = 0; j < lead.CustomFields.Count; j++)
        {
            var field = lead.CustomFields[j];
            var f = $"{prefix}[custom_fields][{Text(j)}]";
            fields.Add(($"{f}[id]", Text(field.Field.Id)));
            fields.Add(($"{f}[name]", field.Field.Name));
            for (var k = 0; k < field.Values.Count; k++)
            {
                fields.Add(($"{f}[values][{Text(k)}][value]", field.Values[k].Value));
                if (field.Values[k].EnumId is long enumId)
                {
                    fields.Add(($"{f}[values][{Text(k)}][enum]", Text(enumId)));
                }
            }
        }

        for (var j = 0; j < lead.Tags.Count; j++)
        {
            fields.Add(($"{prefix}[tags][{Text(j)}][id]", Text(lead.Tags[j].Id)));
            fields.Add(($"{prefix}[tags][{Text(j)}][name]", lead.Tags[j].Name));
        }

        fields.AddRange(
        [
            ($"{prefix}[created_at]", Text(lead.CreatedAt)),
            ($"{prefix}[updated_at]", Text(lead.UpdatedAt)),
            ("account[subdomain]", account.Options.Subdomain),
            ("account[id]", Text(account.Options.AccountId)),
            ("account[_links][self]", $"https://{account.Options.Subdomain}.amocrm.ru"),
        ]);
        return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
    }

    /// <summary>What a Digital Pipeline "send webhook" action sends: the ids of the move and the account, no time.</summary>
    private string ShortBody(AmoLead lead, long? oldStatusId, long? oldPipelineId)
    {
        var prefix = "leads[status][0]";
        var fields = new List<(string, string)>
        {
            ($"{prefix}[id]", Text(lead.Id)),
            ($"{prefix}[status_id]", Text(lead.StatusId)),
            ($"{prefix}[pipeline_id]", Text(lead.PipelineId)),
            ($"{prefix}[old_status_id]", Text(oldStatusId ?? lead.StatusId)),
            ($"{prefix}[old_pipeline_id]", Text(oldPipelineId ?? lead.PipelineId)),
            ("account[id]", Text(account.Options.AccountId)),
            ("account[subdomain]", account.Options.Subdomain),
        };
        return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Records a delivery attempt.</summary>
    public void Record(WebhookDelivery delivery)
    {
        lock (account.Sync)
        {
            account.WebhookDeliveries.Add(delivery);
        }
    }
}
