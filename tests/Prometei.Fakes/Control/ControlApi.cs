using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Fakes.AmoCrm;
using Prometei.Fakes.Erp;
using Prometei.Fakes.Faults;
using Prometei.Fakes.Hosting;
using Prometei.Fakes.Kaspi;

namespace Prometei.Fakes.Control;

/// <summary>
/// The control API under <c>/_control</c>: what tests and the sandbox use to inspect and steer the fakes. No auth (it is
/// test infrastructure bound to 127.0.0.1). Errors are problem+json. <see cref="FakesControlClient"/> wraps it.
/// </summary>
internal static class ControlApi
{
    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(FakeVendorPaths.Control);
        group.MapPost("/reset", (FakeVendorsState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });

        group.MapGet("/{vendor}/faults", GetFaults);
        group.MapPut("/{vendor}/faults", SetFaults);
        group.MapPost("/{vendor}/faults", SetFaults);
        group.MapDelete("/{vendor}/faults", ClearFaults);
        group.MapGet("/{vendor}/requests", GetRequests);
        group.MapDelete("/{vendor}/requests", ClearRequests);

        var amo = group.MapGroup("/amocrm");
        amo.MapGet("/behavior", (AmoCrmAccount account) => TypedResults.Ok(account.Behavior));
        amo.MapPut("/behavior", SetAmoCrmBehavior);
        amo.MapGet("/account", (AmoCrmAccount account) => TypedResults.Ok(new AmoCrmAccountInfo(
            account.Options.AccountId,
            account.Options.Subdomain,
            account.Options.ClientId,
            account.Options.ClientSecret,
            account.Options.RedirectUri,
            account.Options.AuthorizationCode,
            account.Options.InitialRefreshToken,
            account.Options.LongLivedToken)));
        amo.MapPost("/authorization-codes", (AmoCrmTokenStore tokens) => TypedResults.Ok(new IssuedAuthorizationCode(tokens.IssueAuthorizationCode())));
        amo.MapPost("/tokens", (AmoCrmTokenStore tokens) => TypedResults.Ok(tokens.IssuePair()));
        amo.MapPost("/long-lived-tokens", IssueLongLivedToken);
        amo.MapPost("/access-tokens/expire", (AmoCrmTokenStore tokens) =>
        {
            tokens.ExpireAccessTokens();
            return TypedResults.NoContent();
        });
        amo.MapPost("/tokens/revoke", (AmoCrmTokenStore tokens) =>
        {
            tokens.RevokeAll();
            return TypedResults.NoContent();
        });
        amo.MapGet("/token-calls", (AmoCrmTokenStore tokens) => TypedResults.Ok(tokens.Calls()));
        amo.MapGet("/leads", (AmoCrmAccount account) => Locked(account, () => account.Leads.Values.OrderBy(l => l.Id).Select(account.Snapshot).ToList()));
        amo.MapGet("/leads/{id:long}", GetLead);
        amo.MapPost("/leads/{id:long}/status", ChangeLeadStatus);
        amo.MapGet("/contacts", (AmoCrmAccount account) => Locked(account, () => account.Contacts.Values.OrderBy(c => c.Id).Select(account.Snapshot).ToList()));
        amo.MapPost("/contacts", AddContact);
        amo.MapGet("/notes", (AmoCrmAccount account) => Locked(account, () => account.Notes
            .Select(n => new FakeAmoNote(n.Id, n.EntityType, n.EntityId, n.NoteType, n.Params["text"]?.ToString(), n.CreatedAt))
            .ToList()));
        amo.MapGet("/webhook-deliveries", (AmoCrmAccount account) => Locked(account, () => account.WebhookDeliveries.ToList()));

        var kaspi = group.MapGroup("/kaspi");
        kaspi.MapGet("/behavior", (KaspiMerchant merchant) => TypedResults.Ok(merchant.Behavior));
        kaspi.MapPut("/behavior", SetKaspiBehavior);
        kaspi.MapGet("/orders", (KaspiMerchant merchant) => TypedResults.Ok(merchant.All()));
        kaspi.MapPost("/orders", AddOrder);
        kaspi.MapPost("/orders/{code}/state", ChangeOrderState);

        var erp = group.MapGroup("/erp");
        erp.MapGet("/tasks", (ErpLedger ledger) => TypedResults.Ok(ledger.List("task")));
        erp.MapGet("/deals", (ErpLedger ledger) => TypedResults.Ok(ledger.List("deal")));
        return group;
    }

    private static Results<Ok<FaultSettings>, NotFound> GetFaults(string vendor, FakeVendorsState state) =>
        FakeVendorPaths.TryParseSegment(vendor, out var v) ? TypedResults.Ok(state.For(v).Faults.Settings) : TypedResults.NotFound();

    private static Results<Ok<FaultSettings>, NotFound, ValidationProblem> SetFaults(string vendor, FaultSettings faults, FakeVendorsState state)
    {
        if (!FakeVendorPaths.TryParseSegment(vendor, out var v))
        {
            return TypedResults.NotFound();
        }

        var errors = VendorFaults.Validate(faults);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        state.SetFaults(v, faults);
        return TypedResults.Ok(faults);
    }

    private static Results<NoContent, NotFound> ClearFaults(string vendor, FakeVendorsState state)
    {
        if (!FakeVendorPaths.TryParseSegment(vendor, out var v))
        {
            return TypedResults.NotFound();
        }

        state.SetFaults(v, new FaultSettings());
        return TypedResults.NoContent();
    }

    private static Results<Ok<IReadOnlyList<RecordedRequest>>, NotFound> GetRequests(string vendor, string? path, string? method, FakeVendorsState state) =>
        FakeVendorPaths.TryParseSegment(vendor, out var v) ? TypedResults.Ok(state.For(v).Journal.List(path, method)) : TypedResults.NotFound();

    private static Results<NoContent, NotFound> ClearRequests(string vendor, FakeVendorsState state)
    {
        if (!FakeVendorPaths.TryParseSegment(vendor, out var v))
        {
            return TypedResults.NotFound();
        }

        state.For(v).Journal.Clear();
        return TypedResults.NoContent();
    }

    private static Results<Ok<AmoCrmBehavior>, ValidationProblem> SetAmoCrmBehavior(AmoCrmBehavior behavior, AmoCrmAccount account)
    {
        var errors = new Dictionary<string, string[]>();
        if (behavior.RequestsPerSecond < 1)
        {
            errors[nameof(behavior.RequestsPerSecond)] = ["Must be at least 1."];
        }

        if (behavior.MissingEntityStatus is not (204 or 404))
        {
            errors[nameof(behavior.MissingEntityStatus)] = ["Must be 204 or 404."];
        }

        if (behavior.MaxEntitiesPerRequest < 1 || behavior.MaxComplexLeads < 1 || behavior.MaxListLimit < 1)
        {
            errors["Limits"] = ["MaxEntitiesPerRequest, MaxComplexLeads and MaxListLimit must be at least 1."];
        }

        if (behavior.AccessTokenLifetime <= TimeSpan.Zero || behavior.RefreshTokenLifetime <= TimeSpan.Zero || behavior.AuthorizationCodeLifetime <= TimeSpan.Zero)
        {
            errors["Lifetimes"] = ["Token and code lifetimes must be positive."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        account.Behavior = behavior;
        return TypedResults.Ok(behavior);
    }

    private static Results<Ok<KaspiBehavior>, ValidationProblem> SetKaspiBehavior(KaspiBehavior behavior, KaspiMerchant merchant)
    {
        if (behavior.MaxPageSize < 1 || behavior.MaxSearchPeriod <= TimeSpan.Zero)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["Limits"] = ["MaxPageSize must be at least 1 and MaxSearchPeriod positive."],
            });
        }

        merchant.Behavior = behavior;
        return TypedResults.Ok(behavior);
    }

    private static Results<Ok<IssuedLongLivedToken>, ValidationProblem> IssueLongLivedToken(LongLivedTokenRequest? request, AmoCrmTokenStore tokens)
    {
        var lifetime = request?.Lifetime ?? TimeSpan.FromDays(365);
        if (lifetime < TimeSpan.FromDays(1) || lifetime > TimeSpan.FromDays(5 * 365 + 1))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(LongLivedTokenRequest.Lifetime)] = ["A long-lived token lives from 1 day to 5 years."],
            });
        }

        return TypedResults.Ok(tokens.IssueLongLived(lifetime));
    }

    private static Results<Ok<FakeAmoLead>, NotFound> GetLead(long id, AmoCrmAccount account)
    {
        lock (account.Sync)
        {
            return account.Leads.TryGetValue(id, out var lead) ? TypedResults.Ok(account.Snapshot(lead)) : TypedResults.NotFound();
        }
    }

    private static Results<Ok<FakeAmoLead>, NotFound, ValidationProblem> ChangeLeadStatus(
        long id, LeadStatusChange change, AmoCrmAccount account, AmoCrmWebhooks webhooks)
    {
        lock (account.Sync)
        {
            if (!account.Leads.TryGetValue(id, out var lead))
            {
                return TypedResults.NotFound();
            }

            var pipelineId = change.PipelineId ?? lead.PipelineId;
            if (account.FindStatus(pipelineId, change.StatusId) is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [nameof(change.StatusId)] = [$"Pipeline {pipelineId} has no status {change.StatusId}."],
                });
            }

            var oldStatus = lead.StatusId;
            var oldPipeline = lead.PipelineId;
            lead.PipelineId = pipelineId;
            lead.StatusId = change.StatusId;
            lead.UpdatedAt = account.Now;
            lead.UpdatedBy = AmoCrmSeedIds.ManagerUserId;
            lead.ClosedAt = change.StatusId is AmoCrmSeedIds.WonStatusId or AmoCrmSeedIds.LostStatusId ? account.Now : null;
            if (oldStatus != lead.StatusId || oldPipeline != lead.PipelineId)
            {
                webhooks.StatusChanged(lead, oldStatus, oldPipeline);
            }

            return TypedResults.Ok(account.Snapshot(lead));
        }
    }

    private static Created<FakeAmoContact> AddContact(NewFakeAmoContact request, AmoCrmAccount account)
    {
        lock (account.Sync)
        {
            var contact = AmoCrmSeeder.AddContact(account, request);
            return TypedResults.Created($"{FakeVendorPaths.AmoCrm}/api/v4/contacts/{contact.Id}", account.Snapshot(contact));
        }
    }

    private static Results<Created<FakeKaspiOrder>, ValidationProblem> AddOrder(NewFakeKaspiOrder request, KaspiMerchant merchant)
    {
        var order = merchant.Add(request, out var error);
        return order is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Order"] = [error!] })
            : TypedResults.Created($"{FakeVendorPaths.KaspiApiBase}/orders/{order.Id}", order);
    }

    private static Results<Ok<FakeKaspiOrder>, ValidationProblem> ChangeOrderState(string code, KaspiStateChange change, KaspiMerchant merchant)
    {
        var order = merchant.ChangeState(code, change, out var error);
        return order is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["State"] = [error!] })
            : TypedResults.Ok(order);
    }

    private static Ok<T> Locked<T>(AmoCrmAccount account, Func<T> read)
    {
        lock (account.Sync)
        {
            return TypedResults.Ok(read());
        }
    }
}
