using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// Notes (contract §9): <c>POST /api/v4/{entity}/{id}/notes</c> or <c>/{entity}/notes</c> with <c>entity_id</c> in each
/// item; <c>common</c> notes need <c>params.text</c>. Lists answer 204 when empty.
/// </summary>
internal static class AmoCrmNotesEndpoints
{
    private static readonly HashSet<string> s_noteTypes =
    [
        "common", "call_in", "call_out", "service_message", "extended_service_message", "message_cashier",
        "invoice_paid", "geolocation", "sms_in", "sms_out", "attachment",
    ];

    public static IResult List(string entity, long? id, HttpRequest request, AmoCrmAccount account)
    {
        if (entity is not ("leads" or "contacts" or "companies"))
        {
            return AmoCrmProblems.NotFound();
        }

        if (!AmoCrmRequests.TryPaging(request, account.Behavior.MaxListLimit, out var page, out var limit, out var error))
        {
            return error!;
        }

        var entityIds = AmoCrmRequests.Ids(request.Query, "entity_id");
        lock (account.Sync)
        {
            var all = account.Notes
                .Where(n => n.EntityType == entity && (id is null || n.EntityId == id) && (entityIds.Count == 0 || entityIds.Contains(n.EntityId)))
                .OrderBy(n => n.Id)
                .ToList();
            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.List(request, "notes", all, page, limit, n => AmoCrmJson.Note(n, account, baseUrl));
        }
    }

    public static async Task<IResult> CreateAsync(string entity, long? id, HttpRequest request, AmoCrmAccount account)
    {
        if (entity is not ("leads" or "contacts" or "companies"))
        {
            return AmoCrmProblems.NotFound();
        }

        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, account.Behavior.MaxEntitiesPerRequest, "notes");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            var errors = new AmoValidationErrors();
            var drafts = new List<(long EntityId, string Type, JsonObject Params, string RequestId)>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var rid = AmoCrmWrites.RequestId(item, i);
                long? entityId = id ?? (item["entity_id"] is JsonValue v && v.TryGetValue<long>(out var eid) ? eid : null);
                if (entityId is not long target || !Exists(account, entity, target))
                {
                    errors.Add(rid, "NotSupportedChoice", "entity_id", "The value you selected is not a valid choice.");
                    continue;
                }

                var type = item["note_type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
                if (type is null || !s_noteTypes.Contains(type))
                {
                    errors.Add(rid, "NotSupportedChoice", "note_type", "The value you selected is not a valid choice.");
                    continue;
                }

                var parameters = item["params"] as JsonObject;
                if (type == "common" && (parameters?["text"] is not JsonValue text || string.IsNullOrWhiteSpace(text.ToString())))
                {
                    errors.Add(rid, "NotBlank", "params.text", "This value should not be blank.");
                    continue;
                }

                drafts.Add((target, type, (JsonObject?)parameters?.DeepClone() ?? [], rid));
            }

            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.Written(baseUrl, $"{entity}/notes", "notes", drafts.Select(draft =>
            {
                var note = new AmoNote
                {
                    Id = account.NewNoteId(),
                    EntityType = entity,
                    EntityId = draft.EntityId,
                    NoteType = draft.Type,
                    Params = draft.Params,
                    ResponsibleUserId = Control.AmoCrmSeedIds.AdminUserId,
                    CreatedAt = account.Now,
                    RequestId = draft.RequestId,
                };
                account.Notes.Add(note);
                var item = AmoCrmJson.WrittenItem(note.Id, draft.RequestId, $"{baseUrl}/api/v4/{entity}/{draft.EntityId}/notes/{note.Id}");
                item["entity_id"] = draft.EntityId;
                return item;
            }).ToList());
        }
    }

    private static bool Exists(AmoCrmAccount account, string entity, long id) => entity switch
    {
        "leads" => account.Leads.ContainsKey(id),
        "contacts" => account.Contacts.ContainsKey(id),
        _ => account.Companies.ContainsKey(id),
    };
}
