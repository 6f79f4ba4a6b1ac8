using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Hosting;
using Prometei.Api.Ledger;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Endpoints;

/// <summary>
/// Runs an effect once per <c>Idempotency-Key</c>: the first request runs and its answer is stored (2xx and 4xx; a 5xx
/// is forgotten so a retry runs again); a repeat with the same canonical body gets the stored answer with
/// <c>Idempotent-Replayed: true</c> and touches no vendor; the same key with another body is a 422; a repeat while the
/// first still runs waits up to <see cref="GatewayOptions.IdempotencyWait"/> (10 s) for its answer, then gets a 409 with <c>Retry-After</c> set to
/// when the first one's lease runs out.
/// Once started, the effect runs to its end and its answer is stored even if the caller hangs up (a workflow node killed
/// mid-call): cancelled half-way, a vendor write could have happened unrecorded, and the caller's retry would repeat it.
/// The record's lease is short and renewed while the effect runs, so a repeat takes over the key within
/// <see cref="Lease"/> of the process that held it dying, instead of waiting for a long lease to run out.
/// No vendor is called unless the key was recorded first: while the ledger's database cannot be reached, the request is
/// answered 503 (<c>DatabaseUnavailableExceptionHandler</c>) and nothing happens; an effect that finished while it went
/// away has its answer held until the ledger records it (<see cref="RecordWait"/>).
/// </summary>
public sealed class IdempotencyRunner(IdempotencyStore store, DailyStats stats, IOptions<GatewayOptions> options, TimeProvider time, ILogger<IdempotencyRunner> logger)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 256;

    /// <summary>How long a running request holds its key without renewing it; renewed every third of it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_recheck = TimeSpan.FromMilliseconds(100);

    public Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> RunAsync(
        HttpContext http, string scope, JsonNode body, Func<CancellationToken, Task<IdempotentResult>> effect) =>
        RunAsync(http, scope, body, (_, cancellationToken) => effect(cancellationToken));

    /// <summary>As above; the effect is given the key and body hash the request holds its record under.</summary>
    public async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> RunAsync(
        HttpContext http, string scope, JsonNode body, Func<IdempotencyClaim, CancellationToken, Task<IdempotentResult>> effect)
    {
        var key = http.Request.Headers[Header].ToString().Trim();
        if (key.Length == 0)
        {
            return Problems.BadInput(logger, http.Request, 400, "Idempotency-Key required", "Every request with an effect needs an Idempotency-Key header.");
        }

        if (key.Length > MaxKeyLength)
        {
            return Problems.BadInput(logger, http.Request, 400, "Idempotency-Key too long", $"The Idempotency-Key may hold at most {MaxKeyLength} characters.");
        }

        var hash = CanonicalJson.Hash(body);
        var begin = await store.BeginAsync(scope, key, hash, Lease, http.RequestAborted);

        // A repeat that arrives while the first still runs (amoCRM redelivering a webhook at once) waits a little for its
        // answer instead of being sent away: most effects take well under a second.
        var waitUntil = time.GetUtcNow() + options.Value.IdempotencyWait;
        while (begin.Outcome == IdempotencyOutcome.InProgress && time.GetUtcNow() < waitUntil)
        {
            await Task.Delay(s_recheck, time, http.RequestAborted);
            begin = await store.BeginAsync(scope, key, hash, Lease, http.RequestAborted);
        }
        switch (begin.Outcome)
        {
            case IdempotencyOutcome.Conflict:
                return Problems.BadInput(logger, http.Request, 422, "Idempotency-Key reused", "This Idempotency-Key was used with a different body.");
            case IdempotencyOutcome.InProgress:
                http.Response.Headers.RetryAfter = Math.Clamp((int)Math.Ceiling(begin.LeaseLeft.TotalSeconds) + 1, 1, (int)Lease.TotalSeconds + 1).ToString(CultureInfo.InvariantCulture);
                return Problems.BadInput(logger, http.Request, 409, "In progress", "A request with this Idempotency-Key is still running; repeat it later.");
            case IdempotencyOutcome.Replay:
                EndpointLog.Replayed(logger, scope, begin.StatusCode);
                await stats.IncrementAsync(DailyStats.IdempotentReplays, 1, http.RequestAborted);
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Json(begin.StatusCode, begin.Response ?? "{}");
        }

        IdempotentResult result;
        using (var renewal = new CancellationTokenSource())
        {
            var renewing = RenewWhileRunningAsync(scope, key, renewal.Token);
            try
            {
                result = await effect(new IdempotencyClaim(key, hash), CancellationToken.None);
            }
            catch
            {
                await store.AbandonAsync(scope, key);
                throw;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }
        }

        if (result.Status >= 500)
        {
            await store.AbandonAsync(scope, key);
        }
        else
        {
            // Not the caller's token: a caller that hung up (a workflow node killed mid-call) repeats the call after a restart,
            // and must then get this answer from the ledger, not make the effect a second time once the lease runs out.
            // The effect has happened: while the ledger's database cannot be reached, the answer is held and written as
            // soon as it answers again (up to RecordWait), so a retry is answered from the ledger instead of repeating it.
            var answer = result.Body.ToJsonString(GatewayJson.Options);
            await RecordAsync(scope, () => store.CompleteAsync(scope, key, result.Status, answer, CancellationToken.None));
        }

        return Json(result.Status, result.Body.ToJsonString(GatewayJson.Options));
    }

    /// <summary>How long a finished effect's answer is held while the ledger's database cannot be reached.</summary>
    public static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(90);

    private Task RecordAsync(string scope, Func<Task> write) =>
        DatabaseOutage.RetryWhileUnavailableAsync(write, time, RecordWait, ex => EndpointLog.RecordWaiting(logger, scope, ex.GetType().Name)); // once per effect

    private async Task RenewWhileRunningAsync(string scope, string key, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, stop);
                try
                {
                    await store.RenewAsync(scope, key, Lease, stop);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    // The next renewal tries again; the lease has two more periods left.
                    EndpointLog.LeaseNotRenewed(logger, scope, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The stored text as it was, so a replay is the first answer byte for byte.</summary>
    private static JsonHttpResult<JsonNode> Json(int status, string body) =>
        TypedResults.Json(JsonNode.Parse(body) ?? new JsonObject(), GatewayJson.Options, status >= 400 ? "application/problem+json" : "application/json", status);
}
