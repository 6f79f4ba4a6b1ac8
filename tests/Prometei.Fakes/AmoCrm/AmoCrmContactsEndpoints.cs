using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>Contacts (contract §7): fuzzy <c>query</c> search, filters, paging, 204 when empty, create, get, update.</summary>
internal static class AmoCrmContactsEndpoints
{
    public static IResult List(HttpRequest request, AmoCrmAccount account)
    {
        if (!AmoCrmRequests.TryPaging(request, account.Behavior.MaxListLimit, out var page, out var limit, out var error))
        {
            return error!;
        }

        var query = request.Query;
        var with = AmoCrmRequests.With(request);
        var now = account.Time.GetUtcNow();
        lock (account.Sync)
        {
            IEnumerable<AmoContact> contacts = account.Contacts.Values;
            var ids = AmoCrmRequests.Ids(query, "id");
            if (ids.Count > 0)
            {
                contacts = contacts.Where(c => ids.Contains(c.Id));
            }

            contacts = AmoCrmLeadsEndpoints.FilterByTime(contacts, query, c => c.UpdatedAt, c => c.CreatedAt);
            if (query.TryGetValue("query", out var text) && !string.IsNullOrWhiteSpace(text))
            {
                contacts = contacts.Where(c => c.SearchableFrom <= now && AmoCrmSearch.Matches(AmoCrmSearch.Texts(c), text.ToString()));
            }

            var all = AmoCrmLeadsEndpoints.Order(contacts, query, c => c.Id, c => c.CreatedAt, c => c.UpdatedAt).ToList();
            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.List(request, "contacts", all, page, limit, c => AmoCrmJson.Contact(c, account, baseUrl, with));
        }
    }

    public static IResult Get(long id, HttpRequest request, AmoCrmAccount account)
    {
        lock (account.Sync)
        {
            return account.Contacts.TryGetValue(id, out var contact)
                ? VendorResult.Json(200, AmoCrmJson.Contact(contact, account, AmoCrmJson.BaseUrl(request), AmoCrmRequests.With(request)), AmoCrmProblems.HalJson)
                : AmoCrmProblems.Missing(account.Behavior);
        }
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, AmoCrmAccount account)
    {
        var (items, error) = await AmoCrmRequests.ReadBatchAsync(request, account.Behavior.MaxEntitiesPerRequest, "contacts");
        if (items is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            var errors = new AmoValidationErrors();
            var drafts = items
                .Select((item, i) => AmoCrmWrites.ParseContact(item, AmoCrmWrites.RequestId(item, i), "", account.ContactFields, account, errors, maxFields: null))
                .ToList();
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            var baseUrl = AmoCrmJson.BaseUrl(request);
            return AmoCrmJson.Written(baseUrl, "contacts", "contacts", drafts.Select(draft =>
            {
                var contact = AmoCrmWrites.CreateContact(account, draft, "contacts");
                return AmoCrmJson.WrittenItem(contact.Id, draft.RequestId, $"{baseUrl}/api/v4/contacts/{contact.Id}");
            }).ToList());
        }
    }

    public static async Task<IResult> UpdateAsync(long id, HttpRequest request, AmoCrmAccount account)
    {
        var (item, error) = await AmoCrmRequests.ReadObjectAsync(request);
        if (item is null)
        {
            return error!;
        }

        lock (account.Sync)
        {
            if (!account.Contacts.TryGetValue(id, out var contact))
            {
                return AmoCrmProblems.NotFound();
            }

            var errors = new AmoValidationErrors();
            var draft = AmoCrmWrites.ParseContact(item, AmoCrmWrites.RequestId(item, 0), "", account.ContactFields, account, errors, maxFields: null);
            if (errors.Any)
            {
                return AmoCrmProblems.Validation(errors);
            }

            AmoCrmWrites.UpdateContact(account, contact, draft);
            return VendorResult.Json(
                200, AmoCrmJson.WrittenItem(contact.Id, null, $"{AmoCrmJson.BaseUrl(request)}/api/v4/contacts/{contact.Id}", contact.UpdatedAt), AmoCrmProblems.HalJson);
        }
    }
}
