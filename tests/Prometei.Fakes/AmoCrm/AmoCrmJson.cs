using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>amoCRM's read shapes (contract §6, §7, §11–§13, §15). Call under <see cref="AmoCrmAccount.Sync"/>.</summary>
internal static class AmoCrmJson
{
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FakeVendorPaths.AmoCrm}";

    public static JsonObject Links(string href) => new() { ["self"] = new JsonObject { ["href"] = href } };

    public static JsonObject Lead(AmoLead lead, AmoCrmAccount account, string baseUrl, IReadOnlySet<string> with)
    {
        var embedded = new JsonObject
        {
            ["tags"] = Tags(lead.Tags),
            ["companies"] = new JsonArray(lead.CompanyIds
                .Select(id => (JsonNode)new JsonObject { ["id"] = id, ["_links"] = Links($"{baseUrl}/api/v4/companies/{id}") })
                .ToArray()),
        };
        if (with.Contains("contacts"))
        {
            embedded["contacts"] = new JsonArray(lead.Contacts
                .Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.ContactId,
                    ["is_main"] = c.IsMain,
                    ["_links"] = Links($"{baseUrl}/api/v4/contacts/{c.ContactId}"),
                })
                .ToArray());
        }

        if (with.Contains("catalog_elements"))
        {
            embedded["catalog_elements"] = new JsonArray();
        }

        var json = new JsonObject
        {
            ["id"] = lead.Id,
            ["name"] = lead.Name,
            ["price"] = lead.Price,
            ["responsible_user_id"] = lead.ResponsibleUserId,
            ["group_id"] = 0,
            ["status_id"] = lead.StatusId,
            ["pipeline_id"] = lead.PipelineId,
            ["loss_reason_id"] = null,
            ["created_by"] = lead.CreatedBy,
            ["updated_by"] = lead.UpdatedBy,
            ["created_at"] = lead.CreatedAt,
            ["updated_at"] = lead.UpdatedAt,
            ["closed_at"] = lead.ClosedAt,
            ["closest_task_at"] = null,
            ["is_deleted"] = false,
            ["custom_fields_values"] = CustomFields(lead.CustomFields),
            ["score"] = null,
            ["account_id"] = account.Options.AccountId,
            ["labor_cost"] = null,
        };
        if (with.Contains("is_price_modified_by_robot"))
        {
            json["is_price_modified_by_robot"] = false;
        }

        json["_links"] = Links($"{baseUrl}/api/v4/leads/{lead.Id}");
        json["_embedded"] = embedded;
        return json;
    }

    public static JsonObject Contact(AmoContact contact, AmoCrmAccount account, string baseUrl, IReadOnlySet<string> with)
    {
        var embedded = new JsonObject
        {
            ["tags"] = Tags(contact.Tags),
            ["companies"] = new JsonArray(contact.CompanyIds
                .Select(id => (JsonNode)new JsonObject { ["id"] = id, ["_links"] = Links($"{baseUrl}/api/v4/companies/{id}") })
                .ToArray()),
        };
        if (with.Contains("leads"))
        {
            embedded["leads"] = new JsonArray(account.LeadIdsOf(contact.Id)
                .Select(id => (JsonNode)new JsonObject { ["id"] = id, ["_links"] = Links($"{baseUrl}/api/v4/leads/{id}") })
                .ToArray());
        }

        return new JsonObject
        {
            ["id"] = contact.Id,
            ["name"] = contact.Name,
            ["first_name"] = contact.FirstName ?? "",
            ["last_name"] = contact.LastName ?? "",
            ["responsible_user_id"] = contact.ResponsibleUserId,
            ["group_id"] = 0,
            ["created_by"] = contact.CreatedBy,
            ["updated_by"] = contact.UpdatedBy,
            ["created_at"] = contact.CreatedAt,
            ["updated_at"] = contact.UpdatedAt,
            ["closest_task_at"] = null,
            ["is_deleted"] = false,
            ["is_unsorted"] = false,
            ["custom_fields_values"] = CustomFields(contact.CustomFields),
            ["account_id"] = account.Options.AccountId,
            ["_links"] = Links($"{baseUrl}/api/v4/contacts/{contact.Id}"),
            ["_embedded"] = embedded,
        };
    }

    public static JsonObject Note(AmoNote note, AmoCrmAccount account, string baseUrl) => new()
    {
        ["id"] = note.Id,
        ["entity_id"] = note.EntityId,
        ["created_by"] = note.ResponsibleUserId,
        ["updated_by"] = note.ResponsibleUserId,
        ["created_at"] = note.CreatedAt,
        ["updated_at"] = note.CreatedAt,
        ["responsible_user_id"] = note.ResponsibleUserId,
        ["group_id"] = 0,
        ["note_type"] = note.NoteType,
        ["params"] = note.Params.DeepClone(),
        ["account_id"] = account.Options.AccountId,
        ["_links"] = Links($"{baseUrl}/api/v4/{note.EntityType}/{note.EntityId}/notes/{note.Id}"),
    };

    /// <summary>The read shape of custom fields, or null when the entity has none (amoCRM sends null, not []).</summary>
    public static JsonNode? CustomFields(IReadOnlyList<AmoFieldValue> fields)
    {
        if (fields.Count == 0)
        {
            return null;
        }

        var array = new JsonArray();
        foreach (var field in fields)
        {
            var values = new JsonArray();
            foreach (var value in field.Values)
            {
                var item = new JsonObject { ["value"] = value.Value };
                if (value.EnumId is long enumId)
                {
                    item["enum_id"] = enumId;
                }

                if (value.EnumCode is not null)
                {
                    item["enum_code"] = value.EnumCode;
                }

                values.Add(item);
            }

            array.Add(new JsonObject
            {
                ["field_id"] = field.Field.Id,
                ["field_name"] = field.Field.Name,
                ["field_code"] = field.Field.Code,
                ["field_type"] = field.Field.Type,
                ["values"] = values,
            });
        }

        return array;
    }

    public static JsonObject Pipeline(AmoPipeline pipeline, AmoCrmAccount account, string baseUrl) => new()
    {
        ["id"] = pipeline.Id,
        ["name"] = pipeline.Name,
        ["sort"] = pipeline.Sort,
        ["is_main"] = pipeline.IsMain,
        ["is_unsorted_on"] = pipeline.IsUnsortedOn,
        ["is_archive"] = false,
        ["account_id"] = account.Options.AccountId,
        ["_links"] = Links($"{baseUrl}/api/v4/leads/pipelines/{pipeline.Id}"),
        ["_embedded"] = new JsonObject
        {
            ["statuses"] = new JsonArray(pipeline.Statuses.Select(s => (JsonNode)Status(s, account, baseUrl)).ToArray()),
        },
    };

    public static JsonObject Status(AmoStatus status, AmoCrmAccount account, string baseUrl) => new()
    {
        ["id"] = status.Id,
        ["name"] = status.Name,
        ["sort"] = status.Sort,
        ["is_editable"] = status.IsEditable,
        ["pipeline_id"] = status.PipelineId,
        ["color"] = status.Color,
        ["type"] = status.Type,
        ["account_id"] = account.Options.AccountId,
        ["_links"] = Links($"{baseUrl}/api/v4/leads/pipelines/{status.PipelineId}/statuses/{status.Id}"),
    };

    public static JsonObject FieldDefinition(AmoFieldDefinition field, AmoCrmAccount account, string baseUrl) => new()
    {
        ["id"] = field.Id,
        ["name"] = field.Name,
        ["type"] = field.Type,
        ["account_id"] = account.Options.AccountId,
        ["code"] = field.Code,
        ["sort"] = field.Sort,
        ["is_api_only"] = false,
        ["enums"] = field.Enums is null
            ? null
            : new JsonArray(field.Enums.Select(e => (JsonNode)new JsonObject { ["id"] = e.Id, ["value"] = e.Value, ["sort"] = e.Sort }).ToArray()),
        ["group_id"] = null,
        ["required_statuses"] = new JsonArray(),
        ["is_deletable"] = field.Code is null,
        ["is_predefined"] = field.Code is not null,
        ["entity_type"] = field.EntityType,
        ["remind"] = null,
        ["_links"] = Links($"{baseUrl}/api/v4/{field.EntityType}/custom_fields/{field.Id}"),
    };

    public static JsonObject Account(AmoCrmAccount account, string baseUrl, IReadOnlySet<string> with)
    {
        var json = new JsonObject
        {
            ["id"] = account.Options.AccountId,
            ["name"] = "Acme Shop",
            ["subdomain"] = account.Options.Subdomain,
            ["created_at"] = 1600000000,
            ["created_by"] = AmoCrmSeedIds.AdminUserId,
            ["updated_at"] = 1700000000,
            ["updated_by"] = AmoCrmSeedIds.AdminUserId,
            ["current_user_id"] = AmoCrmSeedIds.AdminUserId,
            ["country"] = "KZ",
            ["currency"] = "KZT",
            ["currency_symbol"] = "₸",
            ["customers_mode"] = "disabled",
            ["is_unsorted_on"] = true,
            ["mobile_feature_version"] = 0,
            ["is_loss_reason_enabled"] = true,
            ["is_helpbot_enabled"] = false,
            ["is_technical_account"] = false,
            ["contact_name_display_order"] = 1,
        };
        if (with.Contains("amojo_id"))
        {
            json["amojo_id"] = "f3c6340b-0000-4bd8-9d3a-4d1b1b2c3d4e";
        }

        if (with.Contains("uuid"))
        {
            json["uuid"] = "0d3a8a4c-0000-4e5f-8a6b-7c8d9e0f1a2b";
        }

        if (with.Contains("version"))
        {
            json["version"] = 11;
        }

        if (with.Contains("is_api_filter_enabled"))
        {
            json["is_api_filter_enabled"] = false;
        }

        json["_links"] = Links($"{baseUrl}/api/v4/account");
        var embedded = new JsonObject();
        if (with.Contains("datetime_settings"))
        {
            embedded["datetime_settings"] = new JsonObject
            {
                ["date_pattern"] = "d.m.Y H:i",
                ["short_date_pattern"] = "d.m.Y",
                ["short_time_pattern"] = "H:i",
                ["date_format"] = "d.m.Y",
                ["time_format"] = "H:i:s",
                ["timezone"] = "Asia/Almaty",
                ["timezone_offset"] = "+05:00",
            };
        }

        if (with.Contains("task_types"))
        {
            embedded["task_types"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["name"] = "Связаться", ["color"] = null, ["icon_id"] = null, ["code"] = "FOLLOW_UP" },
                new JsonObject { ["id"] = 2, ["name"] = "Встреча", ["color"] = null, ["icon_id"] = null, ["code"] = "MEETING" });
        }

        if (with.Contains("users_groups"))
        {
            embedded["users_groups"] = new JsonArray(new JsonObject { ["id"] = 0, ["name"] = "Отдел продаж", ["uuid"] = null });
        }

        if (embedded.Count > 0)
        {
            json["_embedded"] = embedded;
        }

        return json;
    }

    public static JsonObject Webhook(AmoWebhook webhook, AmoCrmAccount account) => new()
    {
        ["id"] = webhook.Id,
        ["destination"] = webhook.Destination,
        ["created_at"] = webhook.CreatedAt,
        ["updated_at"] = webhook.CreatedAt,
        ["account_id"] = account.Options.AccountId,
        ["created_by"] = AmoCrmSeedIds.AdminUserId,
        ["sort"] = webhook.Sort,
        ["disabled"] = webhook.Disabled,
        ["settings"] = new JsonArray(webhook.Settings.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
    };

    /// <summary>A list answer: 204 with no body when the page is empty (contract §4), else the page.</summary>
    public static IResult List<T>(HttpRequest request, string entity, IReadOnlyList<T> all, int page, int limit, Func<T, JsonObject> render)
    {
        var items = all.Skip((page - 1) * limit).Take(limit).ToList();
        return items.Count == 0
            ? Results.StatusCode(StatusCodes.Status204NoContent)
            : VendorResult.Json(200, Page(request, entity, items.Select(render), page, all.Count > page * limit), AmoCrmProblems.HalJson);
    }

    /// <summary>The answer to a batch write: <c>{"_links": {...}, "_embedded": {"{entity}": [...]}}</c>.</summary>
    public static VendorResult Written(string baseUrl, string path, string entity, IEnumerable<JsonObject> items) => VendorResult.Json(200, new JsonObject
    {
        ["_links"] = Links($"{baseUrl}/api/v4/{path}"),
        ["_embedded"] = new JsonObject { [entity] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()) },
    }, AmoCrmProblems.HalJson);

    /// <summary>One written entity: its id, the echoed <c>request_id</c>, <c>updated_at</c> for updates, and its link.</summary>
    public static JsonObject WrittenItem(long id, string? requestId, string href, long? updatedAt = null)
    {
        var item = new JsonObject { ["id"] = id };
        if (updatedAt is long updated)
        {
            item["updated_at"] = updated;
        }

        if (requestId is not null)
        {
            item["request_id"] = requestId;
        }

        item["_links"] = Links(href);
        return item;
    }

    /// <summary>A list page: <c>_page</c>, <c>_links</c> (self, next when there is more, prev, first) and <c>_embedded</c>.</summary>
    public static JsonObject Page(HttpRequest request, string entity, IEnumerable<JsonObject> items, int page, bool hasNext)
    {
        var links = new JsonObject { ["self"] = new JsonObject { ["href"] = PageHref(request, page) } };
        if (hasNext)
        {
            links["next"] = new JsonObject { ["href"] = PageHref(request, page + 1) };
        }

        if (page > 1)
        {
            links["first"] = new JsonObject { ["href"] = PageHref(request, 1) };
            links["prev"] = new JsonObject { ["href"] = PageHref(request, page - 1) };
        }

        return new JsonObject
        {
            ["_page"] = page,
            ["_links"] = links,
            ["_embedded"] = new JsonObject { [entity] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()) },
        };
    }

    private static string PageHref(HttpRequest request, int page)
    {
        var query = request.Query
            .Where(q => !string.Equals(q.Key, "page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"page={page.ToString(CultureInfo.InvariantCulture)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static JsonArray Tags(IEnumerable<AmoTag> tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["color"] = t.Color }).ToArray());
}
