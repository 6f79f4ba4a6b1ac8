using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Reads a lead from amoCRM through the gateway (which holds the OAuth tokens and the rate limit). What enters the workflow's
/// state and journal is the lead without customer data: its own fields, and its contacts as ids only. Names, phones, e-mails
/// and custom fields stay in amoCRM and the gateway; an ERP task made from the lead gets them from the gateway's own read.
/// </summary>
[Activity("Prometei", "amoCRM", "Get an amoCRM lead (its contacts as ids: no customer data enters the workflow).", DisplayName = "Get amoCRM lead", HasOutsideEffect = true, Outcomes = ["Done", LeadNotFound])]
public sealed class GetAmoCrmLead : GatewayActivity
{
    private static readonly string[] s_leadFields = ["id", "name", "price", "statusId", "pipelineId", "responsibleUserId", "createdAt", "updatedAt", "closedAt", "tags"];

    /// <summary>The outcome when amoCRM answers that the lead is gone (204 or 404): no retry, the branch ends unless connected.</summary>
    public const string LeadNotFound = "Lead not found";

    [Input(Description = "The amoCRM lead id.", Order = 0)]
    public Input<long> LeadId { get; set; } = new();

    [Input(Description = "Or a status change (a webhook event or a catch-up change) whose leadId to read.", Order = 1)]
    public Input<object> StatusChange { get; set; } = new();

    [Output(Description = "The lead: id, name, price, statusId, pipelineId, responsibleUserId, dates, tags, and contacts as {id, isMain}.")]
    public Output<object> Lead { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var id = context.Get(LeadId) is > 0 and var given ? given : AmoCrmStatusChange.From(context.Get(StatusChange))?.LeadId ?? 0;
        if (id <= 0)
        {
            throw new Engine.Execution.ActivityException("Get amoCRM lead needs a positive lead id or a status change.", isTransient: false);
        }

        var (found, lead) = await Gateway(context).FindAsync(string.Create(CultureInfo.InvariantCulture, $"api/amocrm/leads/{id}"), "Lead not found", context.CancellationToken);
        if (!found)
        {
            context.Complete(LeadNotFound);
            return;
        }

        context.Set(Lead, ValueConverter.FromJson(WithoutCustomerData(lead as JsonObject)));
        context.Complete();
    }

    /// <summary>The lead's own fields, and its contacts reduced to <c>{id, isMain}</c>.</summary>
    public static JsonObject WithoutCustomerData(JsonObject? lead)
    {
        var kept = new JsonObject();
        foreach (var field in s_leadFields)
        {
            if (lead is not null && lead.TryGetPropertyValue(field, out var value))
            {
                kept[field] = value?.DeepClone();
            }
        }

        var contacts = new JsonArray();
        foreach (var contact in lead?["contacts"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            contacts.Add(new JsonObject { ["id"] = contact["id"]?.DeepClone(), ["isMain"] = contact["isMain"]?.DeepClone() });
        }

        kept["contacts"] = contacts;
        return kept;
    }
}
