using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// Reads and validates write bodies (contract §6.2–§6.4, §7) into drafts, then stores them. A batch is all or nothing:
/// one invalid element fails the request with 400 and <c>validation-errors</c>. Call under <see cref="AmoCrmAccount.Sync"/>.
/// </summary>
internal static class AmoCrmWrites
{
    private static readonly long[] s_users = [AmoCrmSeedIds.AdminUserId, AmoCrmSeedIds.ManagerUserId];

    /// <summary>The body must be a JSON array of 1..max objects.</summary>
    public static List<JsonObject>? ReadBatch(JsonNode? body, int max, string entity, out IResult? error)
    {
        error = null;
        if (body is not JsonArray array)
        {
            error = AmoCrmProblems.BadRequest("Request body must be a JSON array of entities");
            return null;
        }

        if (array.Count == 0)
        {
            error = AmoCrmProblems.BadRequest("Request body must not be empty");
            return null;
        }

        if (array.Count > max)
        {
            var errors = new AmoValidationErrors();
            errors.Add("0", "TooMany", "", $"Too many {entity} in one request: {array.Count} (at most {max})");
            error = AmoCrmProblems.Validation(errors);
            return null;
        }

        var items = new List<JsonObject>();
        var invalid = new AmoValidationErrors();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                items.Add(item);
            }
            else
            {
                invalid.Add(Index(i), "InvalidType", "", "Each element must be an object");
            }
        }

        if (invalid.Any)
        {
            error = AmoCrmProblems.Validation(invalid);
            return null;
        }

        return items;
    }

    public static string RequestId(JsonObject item, int index) => item["request_id"] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => Index(index),
    };

    public static LeadDraft ParseLead(JsonObject item, int index, AmoCrmAccount account, AmoValidationErrors errors, bool complex)
    {
        var rid = RequestId(item, index);
        var draft = new LeadDraft { RequestId = rid };
        draft.Name = String(item, "name", "", rid, errors);
        draft.Price = Long(item, "price", "", rid, errors);
        draft.PipelineId = Long(item, "pipeline_id", "", rid, errors);
        draft.StatusId = Long(item, "status_id", "", rid, errors);
        draft.ResponsibleUserId = User(item, "", rid, errors);
        draft.CreatedAt = Long(item, "created_at", "", rid, errors);
        draft.Fields = Fields(item["custom_fields_values"], account.LeadFields, "custom_fields_values", rid, errors, complex ? 40 : null);
        CheckPipeline(draft, account, rid, errors);

        var embedded = item["_embedded"] as JsonObject;
        draft.Tags = Tags(embedded?["tags"], account, "_embedded.tags", rid, errors);
        if (complex)
        {
            ParseComplexContact(embedded?["contacts"], draft, account, rid, errors);
            ParseComplexCompany(embedded?["companies"], draft, account, rid, errors);
        }
        else
        {
            ParseContactLinks(embedded?["contacts"], draft, account, rid, errors);
            ParseCompanyLinks(embedded?["companies"], draft, account, rid, errors);
        }

        return draft;
    }

    public static ContactDraft ParseContact(
        JsonObject item, string rid, string path, IReadOnlyList<AmoFieldDefinition> fields, AmoCrmAccount account, AmoValidationErrors errors, int? maxFields)
    {
        var draft = new ContactDraft { RequestId = rid };
        draft.Name = String(item, "name", path, rid, errors);
        draft.FirstName = String(item, "first_name", path, rid, errors);
        draft.LastName = String(item, "last_name", path, rid, errors);
        draft.ResponsibleUserId = User(item, path, rid, errors);
        draft.CreatedAt = Long(item, "created_at", path, rid, errors);
        draft.Fields = Fields(item["custom_fields_values"], fields, $"{path}custom_fields_values", rid, errors, maxFields);
        draft.Tags = Tags((item["_embedded"] as JsonObject)?["tags"], account, $"{path}_embedded.tags", rid, errors);
        return draft;
    }

    public static AmoLead CreateLead(AmoCrmAccount account, LeadDraft draft, string createdVia)
    {
        var now = account.Now;
        var (pipelineId, statusId) = ResolveStatus(account, draft.PipelineId, draft.StatusId);
        var lead = new AmoLead
        {
            Id = account.NewLeadId(),
            Price = draft.Price ?? 0,
            PipelineId = pipelineId,
            StatusId = statusId,
            InitialStatusId = statusId,
            ResponsibleUserId = draft.ResponsibleUserId ?? AmoCrmSeedIds.AdminUserId,
            CreatedBy = AmoCrmSeedIds.AdminUserId,
            UpdatedBy = AmoCrmSeedIds.AdminUserId,
            CreatedAt = draft.CreatedAt ?? now,
            UpdatedAt = now,
            ClosedAt = statusId is AmoCrmSeedIds.WonStatusId or AmoCrmSeedIds.LostStatusId ? now : null,
            RequestId = draft.RequestId,
            CreatedVia = createdVia,
        };
        lead.Name = string.IsNullOrWhiteSpace(draft.Name) ? $"Сделка #{lead.Id.ToString(CultureInfo.InvariantCulture)}" : draft.Name;
        lead.CustomFields = ApplyFields([], draft.Fields);
        lead.Tags = ResolveTags(account, draft.Tags) ?? [];
        lead.Contacts.AddRange(NormaliseMain(draft.ContactLinks));
        lead.CompanyIds.AddRange(draft.CompanyIds);
        account.Leads[lead.Id] = lead;
        return lead;
    }

    public static AmoContact CreateContact(AmoCrmAccount account, ContactDraft draft, string createdVia)
    {
        var now = account.Now;
        var contact = new AmoContact
        {
            Id = account.NewContactId(),
            FirstName = draft.FirstName,
            LastName = draft.LastName,
            ResponsibleUserId = draft.ResponsibleUserId ?? AmoCrmSeedIds.AdminUserId,
            CreatedBy = AmoCrmSeedIds.AdminUserId,
            UpdatedBy = AmoCrmSeedIds.AdminUserId,
            CreatedAt = draft.CreatedAt ?? now,
            UpdatedAt = now,
            CreatedVia = createdVia,
            SearchableFrom = account.Time.GetUtcNow() + account.Behavior.ContactSearchIndexDelay,
        };
        contact.Name = draft.DisplayName;
        contact.CustomFields = ApplyFields([], draft.Fields);
        contact.Tags = ResolveTags(account, draft.Tags) ?? [];
        account.Contacts[contact.Id] = contact;
        return contact;
    }

    public static AmoCompany CreateCompany(AmoCrmAccount account, ContactDraft draft)
    {
        var now = account.Now;
        var company = new AmoCompany
        {
            Id = account.NewCompanyId(),
            Name = string.IsNullOrWhiteSpace(draft.DisplayName) ? "Компания" : draft.DisplayName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        company.CustomFields = ApplyFields([], draft.Fields);
        account.Companies[company.Id] = company;
        return company;
    }

    /// <summary>Applies a PATCH of a lead (name, price, pipeline, status, responsible, fields, tags). Returns whether the status changed.</summary>
    public static bool UpdateLead(AmoCrmAccount account, AmoLead lead, LeadDraft draft)
    {
        var oldStatus = lead.StatusId;
        var oldPipeline = lead.PipelineId;
        if (draft.Name is not null)
        {
            lead.Name = draft.Name;
        }

        if (draft.Price is long price)
        {
            lead.Price = price;
        }

        if (draft.PipelineId is not null || draft.StatusId is not null)
        {
            (lead.PipelineId, lead.StatusId) = ResolveStatus(account, draft.PipelineId ?? lead.PipelineId, draft.StatusId);
            lead.ClosedAt = lead.StatusId is AmoCrmSeedIds.WonStatusId or AmoCrmSeedIds.LostStatusId ? account.Now : null;
        }

        if (draft.ResponsibleUserId is long responsible)
        {
            lead.ResponsibleUserId = responsible;
        }

        lead.CustomFields = ApplyFields(lead.CustomFields, draft.Fields);
        lead.Tags = ResolveTags(account, draft.Tags) ?? lead.Tags;
        lead.UpdatedAt = account.Now;
        lead.UpdatedBy = AmoCrmSeedIds.AdminUserId;
        return lead.StatusId != oldStatus || lead.PipelineId != oldPipeline;
    }

    public static void UpdateContact(AmoCrmAccount account, AmoContact contact, ContactDraft draft)
    {
        contact.FirstName = draft.FirstName ?? contact.FirstName;
        contact.LastName = draft.LastName ?? contact.LastName;
        if (!string.IsNullOrWhiteSpace(draft.DisplayName))
        {
            contact.Name = draft.DisplayName;
        }

        if (draft.ResponsibleUserId is long responsible)
        {
            contact.ResponsibleUserId = responsible;
        }

        contact.CustomFields = ApplyFields(contact.CustomFields, draft.Fields);
        contact.Tags = ResolveTags(account, draft.Tags) ?? contact.Tags;
        contact.UpdatedAt = account.Now;
    }

    /// <summary>Where a lead lands: the given pipeline (default the main one) and status (default its first regular stage).</summary>
    public static (long PipelineId, long StatusId) ResolveStatus(AmoCrmAccount account, long? pipelineId, long? statusId)
    {
        if (pipelineId is null && statusId is long sid)
        {
            var owner = account.Pipelines.FirstOrDefault(p => p.Statuses.Any(s => s.Id == sid)) ?? account.Pipelines.First(p => p.IsMain);
            return (owner.Id, sid);
        }

        var pipeline = account.Pipelines.FirstOrDefault(p => p.Id == pipelineId) ?? account.Pipelines.First(p => p.IsMain);
        return (pipeline.Id, statusId ?? pipeline.Statuses.Where(s => s.Type == 0).OrderBy(s => s.Sort).First().Id);
    }

    /// <summary>Sending a field replaces that field's values; an empty <c>values</c> clears it; other fields stay.</summary>
    private static List<AmoFieldValue> ApplyFields(List<AmoFieldValue> current, List<(AmoFieldDefinition Field, List<AmoValue> Values)>? changes)
    {
        var result = current.ToList();
        foreach (var (field, values) in changes ?? [])
        {
            result.RemoveAll(f => f.Field.Id == field.Id);
            if (values.Count > 0)
            {
                result.Add(new AmoFieldValue(field, values));
            }
        }

        return result;
    }

    private static List<AmoTag>? ResolveTags(AmoCrmAccount account, List<TagRef>? tags) =>
        tags?.Select(t => t.Id is long id ? account.Tags.First(x => x.Id == id) : account.TagNamed(t.Name!)).DistinctBy(t => t.Id).ToList();

    private static IEnumerable<AmoContactLink> NormaliseMain(List<AmoContactLink> links)
    {
        var distinct = links.DistinctBy(l => l.ContactId).ToList();
        if (distinct.Count > 0 && !distinct.Any(l => l.IsMain))
        {
            distinct[0] = distinct[0] with { IsMain = true };
        }

        return distinct;
    }

    private static void CheckPipeline(LeadDraft draft, AmoCrmAccount account, string rid, AmoValidationErrors errors)
    {
        if (draft.PipelineId is long pipelineId && account.Pipelines.All(p => p.Id != pipelineId))
        {
            errors.Add(rid, "NotSupportedChoice", "pipeline_id", "The value you selected is not a valid choice.");
            return;
        }

        if (draft.StatusId is not long statusId)
        {
            return;
        }

        if (draft.PipelineId is long pid)
        {
            if (account.FindStatus(pid, statusId) is null)
            {
                errors.Add(rid, "NotSupportedChoice", "status_id", "The value you selected is not a valid choice.");
            }
        }
        else if (statusId is AmoCrmSeedIds.WonStatusId or AmoCrmSeedIds.LostStatusId)
        {
            // Contract pitfall 15: 142/143 exist in every pipeline, so the pipeline must be named.
            errors.Add(rid, "NotSupportedChoice", "status_id", "pipeline_id is required with status_id 142 or 143.");
        }
        else if (account.Pipelines.All(p => p.Statuses.All(s => s.Id != statusId)))
        {
            errors.Add(rid, "NotSupportedChoice", "status_id", "The value you selected is not a valid choice.");
        }
    }

    private static void ParseContactLinks(JsonNode? node, LeadDraft draft, AmoCrmAccount account, string rid, AmoValidationErrors errors)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray array)
        {
            errors.Add(rid, "InvalidType", "_embedded.contacts", "This value should be of type array.");
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"_embedded.contacts.{Index(i)}.";
            if (array[i] is not JsonObject link || Long(link, "id", path, rid, errors) is not long id)
            {
                errors.Add(rid, "NotBlank", $"{path}id", "This value should not be blank.");
                continue;
            }

            if (!account.Contacts.ContainsKey(id))
            {
                errors.Add(rid, "NotSupportedChoice", $"{path}id", "The value you selected is not a valid choice.");
                continue;
            }

            draft.ContactLinks.Add(new AmoContactLink(id, link["is_main"] is JsonValue main && main.GetValueKind() == JsonValueKind.True));
        }
    }

    private static void ParseCompanyLinks(JsonNode? node, LeadDraft draft, AmoCrmAccount account, string rid, AmoValidationErrors errors)
    {
        if (node is not JsonArray array)
        {
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"_embedded.companies.{Index(i)}.";
            if (array[i] is not JsonObject link || Long(link, "id", path, rid, errors) is not long id || !account.Companies.ContainsKey(id))
            {
                errors.Add(rid, "NotSupportedChoice", $"{path}id", "The value you selected is not a valid choice.");
                continue;
            }

            draft.CompanyIds.Add(id);
        }
    }

    private static void ParseComplexContact(JsonNode? node, LeadDraft draft, AmoCrmAccount account, string rid, AmoValidationErrors errors)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray array || array.Count > 1 || (array.Count == 1 && array[0] is not JsonObject))
        {
            errors.Add(rid, "TooMany", "_embedded.contacts", "A complex lead may embed at most one contact object.");
            return;
        }

        if (array.Count == 0)
        {
            return;
        }

        var contact = (JsonObject)array[0]!;
        const string Path = "_embedded.contacts.0.";
        if (contact.ContainsKey("id"))
        {
            // Unconfirmed in the contract: embedding an existing contact by id. Switchable.
            if (account.Behavior.ComplexContactById == ComplexContactById.Reject)
            {
                errors.Add(rid, "NotSupportedChoice", $"{Path}id", "Linking an existing contact is not supported here; send the contact's fields.");
                return;
            }

            if (Long(contact, "id", Path, rid, errors) is not long id || !account.Contacts.ContainsKey(id))
            {
                errors.Add(rid, "NotSupportedChoice", $"{Path}id", "The value you selected is not a valid choice.");
                return;
            }

            draft.ContactLinks.Add(new AmoContactLink(id, IsMain: true));
            return;
        }

        draft.NewContact = ParseContact(contact, rid, Path, account.ContactFields, account, errors, maxFields: 40);
    }

    private static void ParseComplexCompany(JsonNode? node, LeadDraft draft, AmoCrmAccount account, string rid, AmoValidationErrors errors)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray array || array.Count > 1 || (array.Count == 1 && array[0] is not JsonObject))
        {
            errors.Add(rid, "TooMany", "_embedded.companies", "A complex lead may embed at most one company object.");
            return;
        }

        if (array.Count == 0)
        {
            return;
        }

        var company = (JsonObject)array[0]!;
        const string Path = "_embedded.companies.0.";
        if (company.ContainsKey("id"))
        {
            if (Long(company, "id", Path, rid, errors) is long id && account.Companies.ContainsKey(id))
            {
                draft.CompanyIds.Add(id);
            }
            else
            {
                errors.Add(rid, "NotSupportedChoice", $"{Path}id", "The value you selected is not a valid choice.");
            }

            return;
        }

        draft.NewCompany = ParseContact(company, rid, Path, account.CompanyFields, account, errors, maxFields: 40);
    }

    private static List<TagRef>? Tags(JsonNode? node, AmoCrmAccount account, string path, string rid, AmoValidationErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            errors.Add(rid, "InvalidType", path, "This value should be of type array.");
            return null;
        }

        var tags = new List<TagRef>();
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}.{Index(i)}.";
            if (array[i] is not JsonObject tag)
            {
                errors.Add(rid, "InvalidType", $"{path}.{Index(i)}", "This value should be of type object.");
                continue;
            }

            if (tag.ContainsKey("id"))
            {
                if (Long(tag, "id", itemPath, rid, errors) is long id && account.Tags.Any(t => t.Id == id))
                {
                    tags.Add(new TagRef(id, null));
                }
                else
                {
                    errors.Add(rid, "NotSupportedChoice", $"{itemPath}id", "The value you selected is not a valid choice.");
                }
            }
            else if (String(tag, "name", itemPath, rid, errors) is { Length: > 0 } name)
            {
                tags.Add(new TagRef(null, name));
            }
            else
            {
                errors.Add(rid, "NotBlank", $"{itemPath}name", "This value should not be blank.");
            }
        }

        return tags;
    }

    private static List<(AmoFieldDefinition, List<AmoValue>)>? Fields(
        JsonNode? node, IReadOnlyList<AmoFieldDefinition> definitions, string path, string rid, AmoValidationErrors errors, int? maxFields)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            errors.Add(rid, "InvalidType", path, "This value should be of type array.");
            return null;
        }

        if (maxFields is int max && array.Count > max)
        {
            errors.Add(rid, "TooMany", path, $"At most {max} custom field values per entity.");
            return null;
        }

        var result = new List<(AmoFieldDefinition, List<AmoValue>)>();
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}.{Index(i)}";
            if (array[i] is not JsonObject item)
            {
                errors.Add(rid, "InvalidType", itemPath, "This value should be of type object.");
                continue;
            }

            AmoFieldDefinition? field;
            if (item.ContainsKey("field_id"))
            {
                var id = Long(item, "field_id", $"{itemPath}.", rid, errors);
                field = definitions.FirstOrDefault(d => d.Id == id);
                if (field is null)
                {
                    errors.Add(rid, "NotSupportedChoice", $"{itemPath}.field_id", "The value you selected is not a valid choice.");
                    continue;
                }
            }
            else
            {
                var code = String(item, "field_code", $"{itemPath}.", rid, errors);
                field = definitions.FirstOrDefault(d => d.Code is not null && string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));
                if (field is null)
                {
                    errors.Add(rid, "NotSupportedChoice", $"{itemPath}.field_code", "The value you selected is not a valid choice.");
                    continue;
                }
            }

            var values = new List<AmoValue>();
            if (item["values"] is JsonArray rawValues)
            {
                for (var j = 0; j < rawValues.Count; j++)
                {
                    if (Value(field, rawValues[j] as JsonObject, $"{itemPath}.values.{Index(j)}", rid, errors) is AmoValue value)
                    {
                        values.Add(value);
                    }
                }
            }
            else if (item["values"] is not null)
            {
                errors.Add(rid, "InvalidType", $"{itemPath}.values", "This value should be of type array.");
                continue;
            }

            result.Add((field, values));
        }

        return result;
    }

    private static AmoValue? Value(AmoFieldDefinition field, JsonObject? item, string path, string rid, AmoValidationErrors errors)
    {
        if (item is null)
        {
            errors.Add(rid, "InvalidType", path, "This value should be of type object.");
            return null;
        }

        var text = item["value"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        };
        long? enumId = item["enum_id"] is JsonValue e && e.TryGetValue<long>(out var eid) ? eid : null;
        var enumCode = item["enum_code"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : null;

        if (field.Type is "select" or "multiselect" or "radiobutton")
        {
            var choice = field.Enums!.FirstOrDefault(x => x.Id == enumId)
                ?? field.Enums!.FirstOrDefault(x => text is not null && string.Equals(x.Value, text, StringComparison.OrdinalIgnoreCase));
            if (choice is null)
            {
                errors.Add(rid, "NotSupportedChoice", enumId is null ? $"{path}.value" : $"{path}.enum_id", "The value you selected is not a valid choice.");
                return null;
            }

            return new AmoValue(choice.Value, choice.Id, null);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(rid, "NotBlank", $"{path}.value", "This value should not be blank.");
            return null;
        }

        if (field.Type == "multitext")
        {
            // Omitting enum_code is observed to work: the first enum (WORK) is used.
            var choice = enumCode is not null
                ? field.Enums!.FirstOrDefault(x => string.Equals(x.Value, enumCode, StringComparison.OrdinalIgnoreCase))
                : enumId is long id ? field.Enums!.FirstOrDefault(x => x.Id == id) : field.Enums![0];
            if (choice is null)
            {
                errors.Add(rid, "NotSupportedChoice", enumCode is not null ? $"{path}.enum_code" : $"{path}.enum_id", "The value you selected is not a valid choice.");
                return null;
            }

            return new AmoValue(text, choice.Id, choice.Value);
        }

        if (field.Type == "numeric" && !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            errors.Add(rid, "InvalidType", $"{path}.value", "This value should be of type numeric.");
            return null;
        }

        return new AmoValue(text, null, null);
    }

    private static long? User(JsonObject item, string path, string rid, AmoValidationErrors errors)
    {
        var user = Long(item, "responsible_user_id", path, rid, errors);
        if (user is long id && !s_users.Contains(id))
        {
            errors.Add(rid, "NotSupportedChoice", $"{path}responsible_user_id", "The value you selected is not a valid choice.");
            return null;
        }

        return user;
    }

    /// <summary>An integer property; fractions (<c>184990.5</c>, even <c>184990.0</c>) and strings are rejected (contract pitfall 9).</summary>
    private static long? Long(JsonObject item, string name, string path, string rid, AmoValidationErrors errors)
    {
        var node = item[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var result))
        {
            return result;
        }

        errors.Add(rid, "InvalidType", $"{path}{name}", "This value should be of type int.");
        return null;
    }

    private static string? String(JsonObject item, string name, string path, string rid, AmoValidationErrors errors)
    {
        var node = item[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(rid, "InvalidType", $"{path}{name}", "This value should be of type string.");
        return null;
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
