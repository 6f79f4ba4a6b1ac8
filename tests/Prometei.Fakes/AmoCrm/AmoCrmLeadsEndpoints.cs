using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>Leads (contract §6, §8): list, get with <c>with=contacts</c>, batch create, complex add, update, link.</summary>
internal static class AmoCrmLeadsEndpoints
{
    public static IResult List(HttpRequest request, AmoCrmAccount account)
    {
        if (!AmoCrmRequests.TryPaging(request, account.Behavior.MaxListLimit, out var page, out var limit, out var error))
        {
            return error!;
        }

        var query = request.Query;
        var with = AmoCrmRequests.With(request);
        lock (account.Sync)
        {
            IEnumerable<AmoLead> leads = account.Leads.Values;
            var ids = AmoCrmRequests.Ids(query, "id");
            if (ids.Count > 0)
            {
                leads = leads.Where(l => ids.Contains(l.Id));
            }

            var pipelines = AmoCrmRequests.Ids(query, "pipeline_id");
            if (pipelines.Count > 0)
            {
                leads = leads.Where(l => pipelines.Contains(l.PipelineId));
            }

            var statuses = AmoCrmRequests.Statuses(query);
            if (statuses.Count > 0)
            {
                leads = leads.Where(l => statuses.Contains((l.PipelineId, l.StatusId)));
            }

            leads = FilterByTime(leads, query, l => l.UpdatedAt, l => l.CreatedAt);
            if (query.TryGetValue("query", out var text) && !string.IsNullOrWhiteSpace(text))
            {
                leads = leads.Where(l => AmoCrmSearch.Matches(AmoCrmSearch.Texts(l), text.ToString()));
            }

            var all = Order(leads, query, l => l.Id, l => l.CreatedAt, l => l.UpdatedAt).ToList();
            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.List(request, "leads", all, page, limit, l => AmoCrmJson.Lead(l, account, baseUrl, with));
        }
    }

    public static IResult Get(long id, HttpRequest request, AmoCrmAccount account)
    {
        lock (account.Sync)
        {
            return account.Leads.TryGetValue(id, out var lead)
                ? VendorResult.Json(200, AmoCrmJson.Lead(lead, account, AmoCrmJson.BaseUrl(request), AmoCrmRequests.With(request)), AmoCrmProblems.HalJson)
                : AmoCrmProblems.Missing(account.Behavior);
        }
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, AmoCrmAccount account, AmoCrmWebhooks webhooks)
    {
        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, account.Behavior.MaxEntitiesPerRequest, "leads");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            var errors = new AmoValidationErrors();
            var drafts = items.Select((item, i) => AmoCrmWrites.ParseLead(item, i, account, errors, complex: false)).ToList();
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.Written(baseUrl, "leads", "leads", drafts.Select(draft =>
            {
                var lead = AmoCrmWrites.CreateLead(account, draft, "leads");
                webhooks.Added(lead);
                return AmoCrmJson.WrittenItem(lead.Id, draft.RequestId, $"{baseUrl}/api/v4/leads/{lead.Id}");
            }).ToList());
        }
    }

    /// <summary>
    /// <c>POST /api/v4/leads/complex</c> (contract §6.4): at most 50 leads, each with at most one embedded contact and
    /// company (created, or an existing one linked by id); the answer is a top-level array.
    /// </summary>
    public static async Task<IResult> ComplexAsync(HttpRequest request, AmoCrmAccount account, AmoCrmWebhooks webhooks)
    {
        var behavior = account.Behavior;
        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, behavior.MaxComplexLeads, "leads");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            var errors = new AmoValidationErrors();
            var drafts = items.Select((item, i) => AmoCrmWrites.ParseLead(item, i, account, errors, complex: true)).ToList();
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            // Duplicate control compares with what existed before this request, never within it (contract §6.4).
            var existing = account.Contacts.Values.ToList();
            var results = new JsonArray();
            foreach (var draft in drafts)
            {
                long? contactId = draft.ContactLinks.FirstOrDefault()?.ContactId;
                var merged = false;
                if (draft.NewContact is { } newContact)
                {
                    var duplicate = behavior.DuplicateControl ? FindDuplicate(existing, newContact) : null;
                    merged = duplicate is not null;
                    contactId = duplicate?.Id ?? AmoCrmWrites.CreateContact(account, newContact, "complex").Id;
                    draft.ContactLinks.Add(new AmoContactLink(contactId.Value, IsMain: true));
                }

                long? companyId = draft.CompanyIds.FirstOrDefault() is var first and > 0 ? first : null;
                if (draft.NewCompany is { } newCompany)
                {
                    var company = AmoCrmWrites.CreateCompany(account, newCompany);
                    companyId = company.Id;
                    draft.CompanyIds.Add(company.Id);
                    if (contactId is long linked)
                    {
                        company.ContactIds.Add(linked);
                        account.Contacts[linked].CompanyIds.Add(company.Id);
                    }
                }

                var lead = AmoCrmWrites.CreateLead(account, draft, "complex");
                webhooks.Added(lead);
                results.Add(new JsonObject
                {
                    ["id"] = lead.Id,
                    ["contact_id"] = contactId,
                    ["company_id"] = companyId,
                    ["request_id"] = new JsonArray(draft.RequestId),
                    ["merged"] = merged,
                });
            }

            return VendorResult.Json(200, results, AmoCrmProblems.HalJson);
        }
    }

    public static async Task<IResult> UpdateAsync(long id, HttpRequest request, AmoCrmAccount account, AmoCrmWebhooks webhooks)
    {
        var (item, error) = await AmoCrmRequests.ReadObjectAsync(request);
        if (item is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            if (!account.Leads.TryGetValue(id, out var lead))
            {
                return AmoCrmProblems.NotFound();
            }

            var errors = new AmoValidationErrors();
            var draft = Prepare(account, lead, item, 0, errors);
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            Apply(account, webhooks, lead, draft);

            return VendorResult.Json(
                200, AmoCrmJson.WrittenItem(lead.Id, null, $"{AmoCrmJson.BaseUrl(request)}/api/v4/leads/{lead.Id}", lead.UpdatedAt), AmoCrmProblems.HalJson);
        }
    }

    public static async Task<IResult> UpdateManyAsync(HttpRequest request, AmoCrmAccount account, AmoCrmWebhooks webhooks)
    {
        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, account.Behavior.MaxEntitiesPerRequest, "leads");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            var errors = new AmoValidationErrors();
            var targets = new List<(AmoLead Lead, LeadDraft Draft)>();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i]["id"] is JsonValue v && v.TryGetValue<long>(out var leadId) && account.Leads.TryGetValue(leadId, out var lead))
                {
                    targets.Add((lead, Prepare(account, lead, items[i], i, errors)));
                }
                else
                {
                    errors.Add(AmoCrmWrites.RequestId(items[i], i), "NotSupportedChoice", "id", "The value you selected is not a valid choice.");
                }
            }

            // Everything is validated before anything changes.
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.Written(baseUrl, "leads", "leads", targets.Select(target =>
            {
                Apply(account, webhooks, target.Lead, target.Draft);
                return AmoCrmJson.WrittenItem(target.Lead.Id, target.Draft.RequestId, $"{baseUrl}/api/v4/leads/{target.Lead.Id}", target.Lead.UpdatedAt);
            }).ToList());
        }
    }

    /// <summary><c>POST /api/v4/leads/{id}/link</c> (contract §8): contacts, companies, catalog elements.</summary>
    public static async Task<IResult> LinkAsync(long id, HttpRequest request, AmoCrmAccount account)
    {
        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, account.Behavior.MaxEntitiesPerRequest, "links");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            if (!account.Leads.TryGetValue(id, out var lead))
            {
                return AmoCrmProblems.NotFound();
            }

            var errors = new AmoValidationErrors();
            var links = new List<(long To, string Type, JsonObject? Metadata)>();
            for (var i = 0; i < items.Count; i++)
            {
                var rid = AmoCrmWrites.RequestId(items[i], i);
                var type = items[i]["to_entity_type"]?.GetValueKind() == JsonValueKind.String ? items[i]["to_entity_type"]!.GetValue<string>() : null;
                long to = 0;
                var known = items[i]["to_entity_id"] is JsonValue v && v.TryGetValue(out to) && type switch
                {
                    "contacts" => account.Contacts.ContainsKey(to),
                    "companies" => account.Companies.ContainsKey(to),
                    "catalog_elements" => true,
                    _ => false,
                };
                if (!known)
                {
                    errors.Add(rid, "NotSupportedChoice", "to_entity_id", "The value you selected is not a valid choice.");
                    continue;
                }

                links.Add((to, type!, items[i]["metadata"]?.DeepClone() as JsonObject));
            }

            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            var result = new JsonArray();
            foreach (var (to, type, metadata) in links)
            {
                if (type == "contacts" && lead.Contacts.All(c => c.ContactId != to))
                {
                    var isMain = metadata?["is_main"] is JsonValue main && main.GetValueKind() == JsonValueKind.True;
                    if (isMain)
                    {
                        for (var c = 0; c < lead.Contacts.Count; c++)
                        {
                            lead.Contacts[c] = lead.Contacts[c] with { IsMain = false };
                        }
                    }

                    lead.Contacts.Add(new AmoContactLink(to, isMain || lead.Contacts.Count == 0));
                }
                else if (type == "companies" && !lead.CompanyIds.Contains(to))
                {
                    lead.CompanyIds.Add(to);
                }

                result.Add(new JsonObject
                {
                    ["entity_id"] = lead.Id,
                    ["entity_type"] = "leads",
                    ["to_entity_id"] = to,
                    ["to_entity_type"] = type,
                    ["metadata"] = metadata,
                });
            }

            lead.UpdatedAt = account.Now;
            return VendorResult.Json(200, new JsonObject
            {
                ["_total_items"] = result.Count,
                ["_links"] = AmoCrmJson.Links($"{AmoCrmJson.BaseUrl(request)}/api/v4/leads/{lead.Id}/link"),
                ["_embedded"] = new JsonObject { ["links"] = result },
            }, AmoCrmProblems.HalJson);
        }
    }

    public static IEnumerable<T> FilterByTime<T>(IEnumerable<T> items, IQueryCollection query, Func<T, long> updatedAt, Func<T, long> createdAt)
    {
        var (updatedFrom, updatedTo) = AmoCrmRequests.Range(query, "updated_at");
        var (createdFrom, createdTo) = AmoCrmRequests.Range(query, "created_at");
        return items.Where(i =>
            (updatedFrom is null || updatedAt(i) >= updatedFrom)
            && (updatedTo is null || updatedAt(i) <= updatedTo)
            && (createdFrom is null || createdAt(i) >= createdFrom)
            && (createdTo is null || createdAt(i) <= createdTo));
    }

    public static IEnumerable<T> Order<T>(IEnumerable<T> items, IQueryCollection query, Func<T, long> id, Func<T, long> createdAt, Func<T, long> updatedAt)
    {
        var (field, descending) = AmoCrmRequests.Order(query);
        Func<T, long> key = field switch
        {
            "created_at" => createdAt,
            "updated_at" => updatedAt,
            _ => id,
        };
        return descending
            ? items.OrderByDescending(key).ThenByDescending(id)
            : items.OrderBy(key).ThenBy(id);
    }

    /// <summary>Parses a PATCH item; a status of another pipeline needs that pipeline_id (contract pitfall 15).</summary>
    private static LeadDraft Prepare(AmoCrmAccount account, AmoLead lead, JsonObject item, int index, AmoValidationErrors errors)
    {
        var draft = AmoCrmWrites.ParseLead(item, index, account, errors, complex: false);
        if (draft.PipelineId is null && draft.StatusId is long statusId
            && statusId is not (Control.AmoCrmSeedIds.WonStatusId or Control.AmoCrmSeedIds.LostStatusId)
            && account.FindStatus(lead.PipelineId, statusId) is null)
        {
            errors.Add(draft.RequestId, "NotSupportedChoice", "status_id", "The status belongs to another pipeline; send pipeline_id.");
        }

        return draft;
    }

    private static void Apply(AmoCrmAccount account, AmoCrmWebhooks webhooks, AmoLead lead, LeadDraft draft)
    {
        var oldStatus = lead.StatusId;
        var oldPipeline = lead.PipelineId;
        if (AmoCrmWrites.UpdateLead(account, lead, draft))
        {
            webhooks.StatusChanged(lead, oldStatus, oldPipeline);
        }
    }

    private static AmoContact? FindDuplicate(List<AmoContact> existing, ContactDraft draft)
    {
        var values = (draft.Fields ?? []).SelectMany(f => f.Values.Select(v => (f.Field.Code, v.Value))).ToList();
        var phones = values.Where(v => v.Code == "PHONE").Select(v => AmoCrmSearch.PhoneKey(v.Value)).OfType<string>().ToHashSet();
        var emails = values.Where(v => v.Code == "EMAIL").Select(v => v.Value.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return existing.FirstOrDefault(c =>
            AmoCrmAccount.ValuesOf(c.CustomFields, "PHONE").Any(p => AmoCrmSearch.PhoneKey(p) is string key && phones.Contains(key))
            || AmoCrmAccount.ValuesOf(c.CustomFields, "EMAIL").Any(e => emails.Contains(e.Trim())));
    }
}
