using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The amoCRM write bodies made from Kaspi orders (contract amocrm §6.3, §6.4, §7, §9). Pure functions: the same order
/// always gives the same body, and each lead carries <c>request_id = "kaspi-{code}"</c> to map the answer back.
/// </summary>
public static class AmoPayloads
{
    public const string RequestIdPrefix = "kaspi-";

    public static string RequestId(string code) => RequestIdPrefix + code;

    public static string? CodeOf(string? requestId) =>
        requestId is not null && requestId.StartsWith(RequestIdPrefix, StringComparison.Ordinal) ? requestId[RequestIdPrefix.Length..] : null;

    /// <summary>KZT to amoCRM's integer budget: rounded half away from zero, everywhere the same.</summary>
    public static long Price(decimal amount) => (long)Math.Round(amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>A lead with one new contact embedded, for <c>/api/v4/leads/complex</c>.</summary>
    public static JsonObject ComplexLead(KaspiOrder order, string? phone, AmoCrmOptions options)
    {
        var lead = Lead(order, options);
        lead["_embedded"]!["contacts"] = new JsonArray(Contact(order.Customer, phone, options));
        return lead;
    }

    /// <summary>
    /// A lead with no contact, for <c>/api/v4/leads</c>, tagged for review (<see cref="AmoCrmOptions.ReviewTag"/>): its order has no
    /// phone we can trust, and a contact made from it would merge customers or repeat for every order.
    /// </summary>
    public static JsonObject LeadForReview(KaspiOrder order, AmoCrmOptions options)
    {
        var lead = Lead(order, options);
        if (!string.IsNullOrWhiteSpace(options.ReviewTag))
        {
            var tags = lead["_embedded"]!["tags"] as JsonArray ?? [];
            tags.Add(new JsonObject { ["name"] = options.ReviewTag });
            lead["_embedded"]!["tags"] = tags;
        }

        return lead;
    }

    /// <summary>The note on a lead for review: who the customer is, then the line items when there are any.</summary>
    public static string ReviewText(KaspiOrder order, AmoCrmTexts texts)
    {
        var text = texts.ReviewNote
            .Replace("{name}", CustomerName(order.Customer, texts), StringComparison.Ordinal)
            .Replace("{code}", order.Code, StringComparison.Ordinal);
        return order.Entries is { Count: > 0 } ? text + "\n\n" + ItemsText(order, texts) : text;
    }

    /// <summary>A lead linked to an existing contact, for <c>/api/v4/leads</c>.</summary>
    public static JsonObject LinkedLead(KaspiOrder order, long contactId, AmoCrmOptions options)
    {
        var lead = Lead(order, options);
        lead["_embedded"]!["contacts"] = new JsonArray(new JsonObject { ["id"] = contactId, ["is_main"] = true });
        return lead;
    }

    public static JsonObject Contact(KaspiCustomer? customer, string? phone, AmoCrmOptions options)
    {
        var first = customer?.FirstName?.Trim();
        var last = customer?.LastName?.Trim();
        var name = CustomerName(customer, options.Texts);
        var contact = new JsonObject { ["name"] = name };
        if (!string.IsNullOrEmpty(first))
        {
            contact["first_name"] = first;
        }

        if (!string.IsNullOrEmpty(last))
        {
            contact["last_name"] = last;
        }

        if (options.ResponsibleUserId is long responsible)
        {
            contact["responsible_user_id"] = responsible;
        }

        if (!string.IsNullOrEmpty(phone))
        {
            contact["custom_fields_values"] = new JsonArray(new JsonObject
            {
                ["field_code"] = "PHONE",
                ["values"] = new JsonArray(new JsonObject { ["value"] = phone, ["enum_code"] = "MOB" }),
            });
        }

        return contact;
    }

    /// <summary>"First Last", else Kaspi's name, else <see cref="AmoCrmTexts.UnnamedCustomer"/>.</summary>
    public static string CustomerName(KaspiCustomer? customer, AmoCrmTexts texts)
    {
        var name = string.Join(' ', new[] { customer?.FirstName?.Trim(), customer?.LastName?.Trim() }.Where(s => !string.IsNullOrEmpty(s)));
        return name.Length > 0 ? name : string.IsNullOrWhiteSpace(customer?.Name) ? texts.UnnamedCustomer : customer!.Name!.Trim();
    }

    /// <summary>A common note with the line items (there is no catalog to link them to).</summary>
    public static JsonObject ItemsNote(long leadId, KaspiOrder order, AmoCrmTexts texts) =>
        Note(leadId, ItemsText(order, texts));

    public static JsonObject Note(long leadId, string text) => new()
    {
        ["entity_id"] = leadId,
        ["note_type"] = "common",
        ["params"] = new JsonObject { ["text"] = text },
    };

    public static JsonObject StatusChange(long leadId, long pipelineId, long statusId) => new()
    {
        ["id"] = leadId,
        ["pipeline_id"] = pipelineId,
        ["status_id"] = statusId,
    };

    public static string LeadName(KaspiOrder order, AmoCrmTexts texts) => texts.LeadName.Replace("{code}", order.Code, StringComparison.Ordinal);

    public static string ItemsText(KaspiOrder order, AmoCrmTexts texts)
    {
        var lines = new StringBuilder();
        var n = 0;
        foreach (var entry in order.Entries ?? [])
        {
            n++;
            if (lines.Length > 0)
            {
                lines.Append('\n');
            }

            lines.Append(texts.ItemLine
                .Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{name}", entry.OfferName ?? "—", StringComparison.Ordinal)
                .Replace("{sku}", entry.OfferCode ?? "—", StringComparison.Ordinal)
                .Replace("{quantity}", Number(entry.Quantity), StringComparison.Ordinal)
                .Replace("{price}", Number(entry.BasePrice), StringComparison.Ordinal)
                .Replace("{sum}", Number(entry.TotalPrice), StringComparison.Ordinal));
        }

        return texts.ItemsNote
            .Replace("{code}", order.Code, StringComparison.Ordinal)
            .Replace("{items}", lines.ToString(), StringComparison.Ordinal)
            .Replace("{total}", Number(order.TotalPrice), StringComparison.Ordinal);
    }

    public static string StatusNote(string template, string code, string status) =>
        template.Replace("{code}", code, StringComparison.Ordinal).Replace("{status}", status, StringComparison.Ordinal);

    private static JsonObject Lead(KaspiOrder order, AmoCrmOptions options)
    {
        var lead = new JsonObject
        {
            ["name"] = LeadName(order, options.Texts),
            ["price"] = Price(order.TotalPrice),
            ["pipeline_id"] = options.PipelineId,
            ["status_id"] = options.StatusId,
            ["request_id"] = RequestId(order.Code),
        };
        if (options.ResponsibleUserId is long responsible)
        {
            lead["responsible_user_id"] = responsible;
        }

        var fields = new JsonArray();
        if (options.KaspiCodeFieldId is long codeField)
        {
            fields.Add(Field(codeField, order.Code));
        }

        if (options.ItemsFieldId is long itemsField && order.Entries is { Count: > 0 })
        {
            fields.Add(Field(itemsField, ItemsText(order, options.Texts)));
        }

        if (fields.Count > 0)
        {
            lead["custom_fields_values"] = fields;
        }

        var embedded = new JsonObject();
        if (!string.IsNullOrWhiteSpace(options.Tag))
        {
            embedded["tags"] = new JsonArray(new JsonObject { ["name"] = options.Tag });
        }

        lead["_embedded"] = embedded;
        return lead;
    }

    private static JsonObject Field(long fieldId, string value) => new()
    {
        ["field_id"] = fieldId,
        ["values"] = new JsonArray(new JsonObject { ["value"] = value }),
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
