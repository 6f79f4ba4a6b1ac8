using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.Integrations.Erp;

/// <summary>
/// Turns a lead (as <c>GET /api/amocrm/leads/{id}</c> answers it) or a deal event into the ERP payload with the configured
/// templates (<c>Erp:TaskTemplate</c>, <c>Erp:DealTemplate</c>, <c>Erp:Texts</c>).
/// </summary>
public sealed class ErpMapping(IOptions<ErpOptions> options, TimeProvider time)
{
    /// <summary>
    /// The contacts the task template (with its texts) reads: all when it names <c>lead.contacts</c>, the main one when it
    /// names <c>lead.contact</c>, else none, so an ERP task costs amoCRM one request plus only the contacts it shows.
    /// </summary>
    public LeadContacts TaskContacts => ContactsUsedBy([options.Value.TaskTemplate, .. options.Value.EffectiveTexts.Values]);

    public static LeadContacts ContactsUsedBy(IEnumerable<string> templates)
    {
        var paths = templates.SelectMany(t => ErpTemplate.Paths(t ?? "")).ToList();
        return paths.Any(p => p.StartsWith("lead.contacts", StringComparison.OrdinalIgnoreCase)) ? LeadContacts.All
            : paths.Any(p => p.Equals("lead.contact", StringComparison.OrdinalIgnoreCase) || p.StartsWith("lead.contact.", StringComparison.OrdinalIgnoreCase)) ? LeadContacts.Main
            : paths.Any(p => p.Equals("lead", StringComparison.OrdinalIgnoreCase)) ? LeadContacts.All
            : LeadContacts.None;
    }

    public JsonObject Task(JsonObject lead) => Render(options.Value.TaskTemplate, new JsonObject { ["lead"] = LeadContext(lead) });

    public JsonObject Deal(JsonObject deal) => Render(options.Value.DealTemplate, new JsonObject { ["deal"] = deal.DeepClone() });

    /// <summary>
    /// The lead as templates see it: its own fields, plus <c>custom.{fieldId}</c> (each field's first value) and
    /// <c>contact</c> (the main contact, with <c>phone</c>: its first phone, normalised).
    /// </summary>
    public static JsonObject LeadContext(JsonObject lead)
    {
        var context = (JsonObject)lead.DeepClone();
        var custom = new JsonObject();
        foreach (var field in (lead["customFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (field["fieldId"] is JsonValue id && id.TryGetValue<long>(out var fieldId))
            {
                var first = (field["values"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["value"];
                custom[fieldId.ToString(CultureInfo.InvariantCulture)] = first?.DeepClone();
            }
        }

        context["custom"] = custom;
        var contacts = (lead["contacts"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var main = contacts.FirstOrDefault(c => c["isMain"] is JsonValue m && m.GetValueKind() == JsonValueKind.True) ?? contacts.FirstOrDefault();
        if (main is not null)
        {
            var contact = (JsonObject)main.DeepClone();
            var phone = (main["phones"] as JsonArray)?.OfType<JsonValue>().Select(p => p.ToString()).FirstOrDefault();
            contact["phone"] = PhoneNumbers.Normalize(phone) ?? phone;
            context["contact"] = contact;
        }

        return context;
    }

    private JsonObject Render(string template, JsonObject context)
    {
        context["now"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var parsed = ErpTemplate.TryParse(template, out var error) ?? throw new InvalidOperationException("The ERP template is invalid: " + error);
        return ErpTemplate.Render(parsed, context, options.Value.EffectiveTexts);
    }
}
