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
    private readonly Channel<(string Url, long LeadId, string Body)> _queue = Channel.CreateUnbounded<(string, long, string)>();

    public ChannelReader<(string Url, long LeadId, string Body)> Reader => _queue.Reader;

    /// <summary>Queues the status webhook of a lead. Call under <see cref="AmoCrmAccount.Sync"/>.</summary>
    public void StatusChanged(AmoLead lead, long oldStatusId, long oldPipelineId)
    {
        // The event list has it at the lead's updated_at: the time the webhook carries too.
        account.Events.Add(new AmoEvent(
            Guid.NewGuid().ToString("N")[..20], "lead_status_changed", lead.Id, lead.UpdatedAt, lead.UpdatedBy, oldPipelineId, oldStatusId, lead.PipelineId, lead.StatusId));

        var destinations = account.Webhooks.Where(w => w.Settings.Contains("status_lead")).Select(w => w.Destination).ToList();
        if (!string.IsNullOrEmpty(account.Options.WebhookUrl))
        {
            destinations.Add(account.Options.WebhookUrl);
        }

        Queue(destinations, lead, "status", oldStatusId, oldPipelineId);
    }

    /// <summary>Queues the add webhook of a lead. Call under <see cref="AmoCrmAccount.Sync"/>.</summary>
    public void Added(AmoLead lead)
    {
        var destinations = account.Webhooks.Where(w => w.Settings.Contains("add_lead")).Select(w => w.Destination).ToList();
        Queue(destinations, lead, "add", null, null);
    }

    private void Queue(List<string> destinations, AmoLead lead, string action, long? oldStatusId, long? oldPipelineId)
    {
        if (destinations.Count == 0)
        {
            return;
        }

        var body = Body(lead, action, oldStatusId, oldPipelineId);
        foreach (var url in destinations.Distinct(StringComparer.Ordinal))
        {
            _queue.Writer.TryWrite((url, lead.Id, body));
        }
    }

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
