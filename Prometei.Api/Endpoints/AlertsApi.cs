using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Api.Integrations.Alerts;

namespace Prometei.Api.Endpoints;

/// <summary><c>POST /api/alerts</c>: the workflows raise an alert (Telegram, e-mail), at most one per condition per period.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts").AddEndpointFilter<ApiKeyFilter>();
        group.MapPost("", SendAsync).WithSummary("Send an alert {message, condition?}. Idempotency-Key required.").Produces<AlertResult>();
        return group;
    }

    public static async Task<Results<JsonHttpResult<JsonNode>, ProblemHttpResult, ValidationProblem>> SendAsync(
        HttpContext http, AlertService alerts, IdempotencyRunner idempotency, ILogger<AlertService> logger)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http.Request, logger);
        if (body is null)
        {
            return problem!;
        }

        var message = body["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text.Trim() : null;
        var condition = body["condition"] is JsonValue c && c.TryGetValue<string>(out var name) ? name.Trim() : "workflow";
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(message) || message.Length > 3000)
        {
            errors["message"] = ["A message of 1 to 3000 characters is required."];
        }

        if (body["condition"] is not null && (string.IsNullOrEmpty(condition) || condition.Length > 100 || !condition.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.')))
        {
            errors["condition"] = ["1 to 100 letters, digits, '_', '-' or '.'."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(logger, http.Request, errors);
        }

        return await idempotency.RunAsync(http, "alerts", body, async ct =>
            IdempotentResult.Ok(await alerts.RaiseAsync(AlertConditions.WorkflowPrefix + condition, message!, ct)));
    }
}
