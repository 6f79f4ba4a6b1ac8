using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Api.Authentication;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;
using Prometei.Workflows.Studio;

namespace Prometei.Workflows.Api;

/// <summary>
/// The trigger endpoints under <c>/workflows/</c>: published HTTP endpoints, and events. A request that starts a workflow is
/// stored, with the instance, and committed before it is answered.
/// </summary>
public static partial class WorkflowTriggersApi
{
    private static readonly HashSet<string> s_hiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "Proxy-Authorization" };

    public static RouteGroupBuilder MapWorkflowTriggers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/workflows");
        group.MapPost("/events/{**name}", PostEventAsync); // names may hold slashes: crm/create-deal
        group.Map("/{**path}", HandleHttpTriggerAsync);
        return group;
    }

    /// <summary>
    /// Starts every published workflow with this event trigger and resumes the instances waiting for it. Needs an API key
    /// or the event's secret (<see cref="EventAuthorization"/>): otherwise 401 and nothing is read or stored.
    /// </summary>
    private static async Task<Results<Ok<EventResult>, ProblemHttpResult>> PostEventAsync(
        string name,
        HttpContext context,
        IOptions<WorkflowServerOptions> options,
        TriggerIndex triggers,
        WorkflowCatalog catalog,
        WorkflowStarter starter,
        IWorkflowStartGate gate,
        ILogger<WorkflowTriggersRequest> logger,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!await EventAuthorization.IsAllowedAsync(context, name, options.Value))
        {
            LogBadEvent(logger, name, "no valid API key or event secret");
            context.Response.Headers.WWWAuthenticate = ElsaApiAuthentication.ApiKeyScheme;
            return TypedResults.Problem(statusCode: 401, title: "The event needs an API key (Authorization: ApiKey …) or the event's secret.");
        }

        JsonObject body;
        try
        {
            var node = request.ContentLength is 0 ? null : await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = node switch
            {
                null => [],
                JsonObject o => o,
                _ => throw new JsonException("The event body must be a JSON object."),
            };
        }
        catch (JsonException ex)
        {
            LogBadEvent(logger, name, ex.Message);
            return TypedResults.Problem(statusCode: 400, title: "The event body is not a JSON object.", detail: ex.Message);
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? $"{name}:{k}" : null;
        var input = body.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        var starts = new List<StartRequest>();
        string? off = null;
        foreach (var trigger in (await triggers.GetAsync(TriggerKinds.Event, cancellationToken)).Where(t => t.Key == name))
        {
            var workflow = await catalog.GetAsync(trigger.DefinitionVersionId, cancellationToken);
            if (await gate.OffReasonAsync(workflow, cancellationToken) is { } reason)
            {
                off ??= reason;
                continue;
            }

            starts.Add(new StartRequest(workflow, input, TriggerNodeId: trigger.ActivityNodeId));
        }

        if (off is not null && starts.Count == 0)
        {
            // Every workflow of this event is off by configuration: refuse rather than accept what cannot run.
            LogFlowOff(logger, "event " + name, off);
            return TypedResults.Problem(statusCode: 503, title: off);
        }

        using var acceptance = WorkflowTelemetry.StartTriggerAcceptance("event", name);
        var guard = idempotencyKey is null ? StartGuard.None : StartGuard.EventReceipt(idempotencyKey, name);
        var (_, outcome) = await starter.StartAsync(starts, guard, new EventResume(Activities.Event.BookmarkPrefix + name, body.ToJsonString()), cancellationToken);
        return TypedResults.Ok(new EventResult(outcome.StartedInstanceIds, outcome.ResumedInstanceIds));
    }

    /// <summary>
    /// Elsa Studio's elements navigate to some pages with an absolute path (<c>/workflows/definitions/{id}/edit</c>,
    /// <c>/workflows/instances/{id}/view</c>) that leaves <c>/studio/</c> and lands in the triggers' namespace. When no trigger
    /// serves such a path, a browser's GET goes to the same page under <c>/studio/</c>.
    /// </summary>
    private static string? StudioPageRedirect(string? path, HttpRequest request, IConfiguration configuration)
    {
        if (!HttpMethods.IsGet(request.Method) || path is null
            || !(path.StartsWith("definitions", StringComparison.Ordinal) || path.StartsWith("instances", StringComparison.Ordinal))
            || !configuration.GetValue($"{StudioOptions.SectionName}:{nameof(StudioOptions.Enabled)}", true)
            || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"{request.PathBase}/studio/workflows/{path}{request.QueryString}";
    }

    /// <summary>Runs the published HTTP endpoint matching the path: 404 when none, 405 for another method, 413 for a body over the limit.</summary>
    private static async Task<IResult> HandleHttpTriggerAsync(
        string? path,
        HttpContext context,
        TriggerIndex triggers,
        WorkflowCatalog catalog,
        WorkflowStarter starter,
        HttpResponseWaiter responses,
        IOptions<WorkflowServerOptions> options,
        IConfiguration configuration,
        IEnumerable<IHttpRequestValidator> validators,
        IWorkflowStartGate gate,
        ILogger<WorkflowTriggersRequest> logger,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var match = await triggers.MatchHttpAsync(path ?? "", request.Method, cancellationToken);
        if (match.Matches.Count == 0)
        {
            if (match.AllowedMethods.Count > 0)
            {
                context.Response.Headers.Allow = string.Join(", ", match.AllowedMethods);
                return TypedResults.Problem(statusCode: 405, title: $"The workflow endpoint /workflows/{path} does not accept {request.Method}.");
            }

            if (StudioPageRedirect(path, request, configuration) is { } studioPage)
            {
                return TypedResults.Redirect(studioPage);
            }

            return TypedResults.Problem(statusCode: 404, title: $"No published workflow serves /workflows/{path}.");
        }

        foreach (var (trigger, _) in match.Matches)
        {
            if (!SecretMatches(trigger, request, configuration, logger))
            {
                LogRefused(logger, path ?? "", "a wrong or missing secret");
                return TypedResults.Problem(statusCode: 401, title: "The request does not carry the endpoint's secret.");
            }
        }

        var limit = options.Value.MaxRequestBodyBytes;
        var body = await ReadBodyAsync(request, limit, cancellationToken);
        if (body is null)
        {
            LogTooLarge(logger, path ?? "", limit);
            return TypedResults.Problem(statusCode: 413, title: $"The request body is larger than {limit} bytes.");
        }

        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (trigger, _) in match.Matches)
        {
            if (trigger.Payload["requestValidator"]?.GetValue<string>() is not { } validatorName)
            {
                continue;
            }

            var validator = validators.FirstOrDefault(v => v.Name == validatorName);
            if (validator is null)
            {
                LogRefused(logger, path ?? "", $"its validator '{validatorName}' is not installed");
                return TypedResults.Problem(statusCode: 503, title: $"The endpoint's request validator '{validatorName}' is not installed on this server.");
            }

            var query = request.Query.ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
            var triggerRequest = new HttpTriggerRequest(request.Method, path ?? "", query, request.ContentType, body);
            if (validator.Validate(triggerRequest) is { } problem)
            {
                LogRefused(logger, path ?? "", problem);
                return TypedResults.Problem(statusCode: 400, title: "The request is not valid for this endpoint.", detail: problem);
            }

            if (validator.Unused(triggerRequest) is { } unused)
            {
                ignored[trigger.DefinitionVersionId + "/" + trigger.ActivityNodeId] = unused;
                continue;
            }

            kept[trigger.DefinitionVersionId + "/" + trigger.ActivityNodeId] = validator.Keep(triggerRequest);
        }

        if (ignored.Count == match.Matches.Count)
        {
            var what = string.Join(",", ignored.Values.Distinct(StringComparer.Ordinal));
            LogIgnored(logger, path ?? "", what);
            WorkflowTelemetry.RequestsIgnored.Add(1, new KeyValuePair<string, object?>("path", path ?? ""), new KeyValuePair<string, object?>("events", what));
            return TypedResults.Ok(new IgnoredResult(null, [], what));
        }

        var starts = new List<StartRequest>();
        string? waitFor = null;
        string? offReason = null;
        foreach (var (trigger, route) in match.Matches)
        {
            if (ignored.ContainsKey(trigger.DefinitionVersionId + "/" + trigger.ActivityNodeId))
            {
                continue;
            }

            var workflow = await catalog.GetAsync(trigger.DefinitionVersionId, cancellationToken);
            if (await gate.OffReasonAsync(workflow, cancellationToken) is { } reason)
            {
                offReason ??= reason;
                continue;
            }

            var id = WorkflowStarter.NewInstanceId();
            if (waitFor is null && workflow.WritesHttpResponse)
            {
                waitFor = id;
            }

            var hidden = trigger.Payload["secretQueryParameter"]?.GetValue<string>();
            var stored = kept.GetValueOrDefault(trigger.DefinitionVersionId + "/" + trigger.ActivityNodeId, body);
            starts.Add(new StartRequest(workflow, RequestInput(request, path ?? "", stored, route, hidden), TriggerNodeId: trigger.ActivityNodeId, InstanceId: id));
        }

        if (offReason is not null && starts.Count == 0)
        {
            // The workflows of this endpoint are off by configuration (their vendors are not configured in the gateway).
            LogFlowOff(logger, "/workflows/" + path, offReason);
            return TypedResults.Problem(statusCode: 503, title: offReason);
        }

        var wait = waitFor is null ? null : responses.Register(waitFor);
        try
        {
            IReadOnlyList<WorkflowState> created;
            using (WorkflowTelemetry.StartTriggerAcceptance("http", "/workflows/" + path))
            {
                created = await starter.StartAsync(starts, cancellationToken);
            }

            if (created.Count == 0)
            {
                return TypedResults.Problem(statusCode: 409, title: "The workflow is already running and does not allow a second instance.");
            }

            if (wait is not null && created.Any(c => c.Id == waitFor))
            {
                var finished = await Task.WhenAny(wait, Task.Delay(options.Value.HttpResponseTimeout, cancellationToken));
                if (finished == wait)
                {
                    return new WorkflowHttpResult(await wait);
                }

                return TypedResults.Accepted((string?)null, new StartedResult(waitFor!, [.. created.Select(c => c.Id)]));
            }

            return TypedResults.Ok(new StartedResult(created[0].Id, [.. created.Select(c => c.Id)]));
        }
        finally
        {
            if (waitFor is not null)
            {
                responses.Unregister(waitFor);
            }
        }
    }

    /// <summary>
    /// Whether the request carries the endpoint's shared secret in its query string, compared in constant time. An endpoint
    /// without a secret accepts every request; one whose secret setting is missing accepts none.
    /// </summary>
    private static bool SecretMatches(TriggerRecord trigger, HttpRequest request, IConfiguration configuration, ILogger logger)
    {
        if (trigger.Payload["secretQueryParameter"]?.GetValue<string>() is not { } parameter
            || trigger.Payload["secretSetting"]?.GetValue<string>() is not { } setting)
        {
            return true;
        }

        var expected = configuration[setting];
        if (string.IsNullOrEmpty(expected))
        {
            LogSecretMissing(logger, setting);
            return false;
        }

        var given = request.Query[parameter].ToString();
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>The request as the instance's input: method, path, query (without the secret), headers (no credentials), content type, body, route values.</summary>
    private static Dictionary<string, JsonNode?> RequestInput(HttpRequest request, string path, string body, IReadOnlyDictionary<string, string> route, string? hiddenQueryParameter)
    {
        var query = new JsonObject();
        foreach (var (key, values) in request.Query)
        {
            if (string.Equals(key, hiddenQueryParameter, StringComparison.Ordinal))
            {
                continue; // the shared secret is checked, never stored
            }

            query[key] = values.Count == 1 ? values[0] : new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        }

        var headers = new JsonObject();
        foreach (var (key, values) in request.Headers)
        {
            if (!s_hiddenHeaders.Contains(key))
            {
                headers[key] = values.ToString();
            }
        }

        var routeValues = new JsonObject();
        foreach (var (key, value) in route)
        {
            routeValues[key] = value;
        }

        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["method"] = request.Method,
            ["path"] = "/" + path.Trim('/'),
            ["query"] = query,
            ["headers"] = headers,
            ["contentType"] = request.ContentType,
            ["body"] = body,
            ["route"] = routeValues,
        };
    }

    /// <summary>The body as text, or null when it is over <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // A pooled buffer sized by Content-Length: a fresh 16 KB array and a growing MemoryStream per request were the accept
        // path's largest allocations, and their garbage collections a good share of the server's CPU (issue 14).
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Min((request.ContentLength ?? 4096) + 1, Math.Min((long)limit + 1, Array.MaxLength)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(2L * buffer.Length, Math.Min((long)limit + 1, Array.MaxLength)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventName} refused: {Reason}")]
    private static partial void LogBadEvent(ILogger logger, string eventName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to /workflows/{Path} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request to /workflows/{Path} acknowledged and not stored: it holds only events no workflow uses ({Events})")]
    private static partial void LogIgnored(ILogger logger, string path, string events);

    [LoggerMessage(Level = LogLevel.Error, Message = "An HTTP endpoint's secret setting {Setting} is not configured: its requests are refused")]
    private static partial void LogSecretMissing(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Trigger}: {Reason}")]
    private static partial void LogFlowOff(ILogger logger, string trigger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to /workflows/{Path} refused: body over {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, string path, int limit);

    /// <summary>The answer to a request that started instances.</summary>
    public sealed record StartedResult(string WorkflowInstanceId, IReadOnlyList<string> WorkflowInstanceIds);

    /// <summary>The answer to a valid request its workflows do not use: nothing was started or stored; <c>ignored</c> says what it held.</summary>
    public sealed record IgnoredResult(string? WorkflowInstanceId, IReadOnlyList<string> WorkflowInstanceIds, string Ignored);

    /// <summary>The answer to an event: the instances it started and those it resumed.</summary>
    public sealed record EventResult(IReadOnlyList<string> StartedInstanceIds, IReadOnlyList<string> ResumedInstanceIds);
}
