using System.Globalization;

namespace Prometei.Fakes.Control;

/// <summary>
/// A typed client for the fakes' control API (<c>/_control</c>). Give it an <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the fakes' root (<c>http://127.0.0.1:PORT/</c>); <see cref="FakeVendorsServer.Control"/>
/// is one ready-made. Non-success answers throw <see cref="HttpRequestException"/> with the status code.
/// </summary>
public sealed class FakesControlClient(HttpClient http)
{
    /// <summary>Clears faults, journals and token calls and restores every vendor's seeded data and configured behaviour.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/reset", cancellationToken);

    /// <summary>Replaces the faults of a vendor.</summary>
    public Task<FaultSettings> SetFaultsAsync(FakeVendor vendor, FaultSettings faults, CancellationToken cancellationToken = default) =>
        PutAsync<FaultSettings, FaultSettings>($"_control/{FakeVendorPaths.Segment(vendor)}/faults", faults, cancellationToken);

    public Task<FaultSettings> GetFaultsAsync(FakeVendor vendor, CancellationToken cancellationToken = default) =>
        GetAsync<FaultSettings>($"_control/{FakeVendorPaths.Segment(vendor)}/faults", cancellationToken);

    public Task ClearFaultsAsync(FakeVendor vendor, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"_control/{FakeVendorPaths.Segment(vendor)}/faults", cancellationToken);

    /// <summary>What a vendor received, oldest first; optionally only paths starting with <paramref name="pathPrefix"/> (vendor-relative, e.g. <c>/oauth2/</c>).</summary>
    public Task<IReadOnlyList<RecordedRequest>> GetRequestsAsync(
        FakeVendor vendor, string? pathPrefix = null, string? method = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (pathPrefix is not null)
        {
            query.Add($"path={Uri.EscapeDataString(pathPrefix)}");
        }

        if (method is not null)
        {
            query.Add($"method={Uri.EscapeDataString(method)}");
        }

        var suffix = query.Count == 0 ? "" : "?" + string.Join('&', query);
        return GetAsync<IReadOnlyList<RecordedRequest>>($"_control/{FakeVendorPaths.Segment(vendor)}/requests{suffix}", cancellationToken);
    }

    public Task ClearRequestsAsync(FakeVendor vendor, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"_control/{FakeVendorPaths.Segment(vendor)}/requests", cancellationToken);

    public Task<AmoCrmBehavior> GetAmoCrmBehaviorAsync(CancellationToken cancellationToken = default) =>
        GetAsync<AmoCrmBehavior>("_control/amocrm/behavior", cancellationToken);

    /// <summary>Switches amoCRM's behaviour (lifetimes, limits, the answers to the contract's open questions) until the next reset.</summary>
    public Task<AmoCrmBehavior> SetAmoCrmBehaviorAsync(AmoCrmBehavior behavior, CancellationToken cancellationToken = default) =>
        PutAsync<AmoCrmBehavior, AmoCrmBehavior>("_control/amocrm/behavior", behavior, cancellationToken);

    public Task<AmoCrmAccountInfo> GetAmoCrmAccountAsync(CancellationToken cancellationToken = default) =>
        GetAsync<AmoCrmAccountInfo>("_control/amocrm/account", cancellationToken);

    /// <summary>A new single-use authorization code, as the consent flow or a private integration would hand out.</summary>
    public async Task<string> IssueAuthorizationCodeAsync(CancellationToken cancellationToken = default) =>
        (await PostAsync<IssuedAuthorizationCode>("_control/amocrm/authorization-codes", null, cancellationToken)).Code;

    /// <summary>A token pair issued directly (no token call is recorded), for tests that start "connected".</summary>
    public Task<AmoCrmTokenPair> IssueTokensAsync(CancellationToken cancellationToken = default) =>
        PostAsync<AmoCrmTokenPair>("_control/amocrm/tokens", null, cancellationToken);

    public Task<IssuedLongLivedToken> IssueLongLivedTokenAsync(TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        PostAsync<IssuedLongLivedToken>("_control/amocrm/long-lived-tokens", new LongLivedTokenRequest(lifetime), cancellationToken);

    /// <summary>Makes every access token issued so far expired (refresh tokens keep working): the next API call gets 401.</summary>
    public Task ExpireAccessTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/amocrm/access-tokens/expire", cancellationToken);

    /// <summary>Revokes every code and token issued so far, once (the integration was disabled).</summary>
    public Task RevokeAmoCrmTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_control/amocrm/tokens/revoke", cancellationToken);

    /// <summary>Every <c>POST /oauth2/access_token</c> since the last reset.</summary>
    public Task<IReadOnlyList<AmoCrmTokenCall>> GetTokenCallsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<AmoCrmTokenCall>>("_control/amocrm/token-calls", cancellationToken);

    public Task<IReadOnlyList<FakeAmoLead>> GetAmoCrmLeadsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeAmoLead>>("_control/amocrm/leads", cancellationToken);

    public Task<FakeAmoLead> GetAmoCrmLeadAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<FakeAmoLead>($"_control/amocrm/leads/{id.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    /// <summary>Moves a lead as a manager would, which sends the status webhook to subscribers.</summary>
    public Task<FakeAmoLead> ChangeLeadStatusAsync(long id, LeadStatusChange change, CancellationToken cancellationToken = default) =>
        PostAsync<FakeAmoLead>($"_control/amocrm/leads/{id.ToString(CultureInfo.InvariantCulture)}/status", change, cancellationToken);

    public Task<IReadOnlyList<FakeAmoContact>> GetAmoCrmContactsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeAmoContact>>("_control/amocrm/contacts", cancellationToken);

    public Task<FakeAmoContact> AddAmoCrmContactAsync(NewFakeAmoContact contact, CancellationToken cancellationToken = default) =>
        PostAsync<FakeAmoContact>("_control/amocrm/contacts", contact, cancellationToken);

    public Task<IReadOnlyList<FakeAmoNote>> GetAmoCrmNotesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeAmoNote>>("_control/amocrm/notes", cancellationToken);

    public Task<IReadOnlyList<WebhookDelivery>> GetWebhookDeliveriesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<WebhookDelivery>>("_control/amocrm/webhook-deliveries", cancellationToken);

    public Task<KaspiBehavior> GetKaspiBehaviorAsync(CancellationToken cancellationToken = default) =>
        GetAsync<KaspiBehavior>("_control/kaspi/behavior", cancellationToken);

    public Task<KaspiBehavior> SetKaspiBehaviorAsync(KaspiBehavior behavior, CancellationToken cancellationToken = default) =>
        PutAsync<KaspiBehavior, KaspiBehavior>("_control/kaspi/behavior", behavior, cancellationToken);

    /// <summary>Every order the fake Kaspi holds, visible or not yet.</summary>
    public Task<IReadOnlyList<FakeKaspiOrder>> GetKaspiOrdersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeKaspiOrder>>("_control/kaspi/orders", cancellationToken);

    public Task<FakeKaspiOrder> AddKaspiOrderAsync(NewFakeKaspiOrder order, CancellationToken cancellationToken = default) =>
        PostAsync<FakeKaspiOrder>("_control/kaspi/orders", order, cancellationToken);

    /// <summary>Moves an order: accept, cancel (with a reason), return.</summary>
    public Task<FakeKaspiOrder> ChangeKaspiOrderStateAsync(string code, KaspiStateChange change, CancellationToken cancellationToken = default) =>
        PostAsync<FakeKaspiOrder>($"_control/kaspi/orders/{Uri.EscapeDataString(code)}/state", change, cancellationToken);

    public Task<IReadOnlyList<FakeErpDocument>> GetErpTasksAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeErpDocument>>("_control/erp/tasks", cancellationToken);

    public Task<IReadOnlyList<FakeErpDocument>> GetErpDealsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<FakeErpDocument>>("_control/erp/deals", cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request, cancellationToken);
        await ThrowUnlessSuccessAsync(response, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken)
    {
        using var content = body is null ? null : JsonContent.Create(body, body.GetType(), options: FakesJson.Options);
        using var response = await http.PostAsync(path, content, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<TResult> PutAsync<TBody, TResult>(string path, TBody body, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(path, body, FakesJson.Options, cancellationToken);
        return await ReadAsync<TResult>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(FakesJson.Options, cancellationToken))!;
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"The fakes' control API answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {detail}",
                null,
                response.StatusCode);
        }
    }
}
