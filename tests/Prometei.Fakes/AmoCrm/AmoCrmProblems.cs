using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>amoCRM's error answers (contract §5): problem+json with <c>title</c>, <c>type</c>, <c>status</c>, <c>detail</c>.</summary>
internal static class AmoCrmProblems
{
    public const string ProblemJson = "application/problem+json";
    public const string HalJson = "application/hal+json";

    public static VendorResult Problem(int status, string title, string detail, JsonArray? validationErrors = null)
    {
        var body = new JsonObject();
        if (validationErrors is not null)
        {
            body["validation-errors"] = validationErrors;
        }

        body["title"] = title;
        body["type"] = $"https://httpstatus.es/{status.ToString(CultureInfo.InvariantCulture)}";
        body["status"] = status;
        body["detail"] = detail;
        return VendorResult.Json(status, body, ProblemJson);
    }

    public static VendorResult BadRequest(string detail) => Problem(400, "Bad Request", detail);

    public static VendorResult Validation(AmoValidationErrors errors) =>
        Problem(400, "Bad Request", "Request validation failed", errors.ToJson());

    public static VendorResult Unauthorized() => Problem(401, "Unauthorized", "Неверный логин или пароль");

    public static VendorResult NotFound() => Problem(404, "Not Found", "Not found");

    /// <summary>An unknown id: 204 or 404, whichever the behaviour says (the contract does not know which).</summary>
    public static IResult Missing(AmoCrmBehavior behavior) =>
        behavior.MissingEntityStatus == 404 ? NotFound() : Results.StatusCode(StatusCodes.Status204NoContent);

    /// <summary>An OAuth refusal, shaped like the contract's example (<c>hint</c>, OAuthProblemJson type).</summary>
    public static VendorResult OAuth(int status, string hint) => VendorResult.Json(status, new JsonObject
    {
        ["hint"] = hint,
        ["title"] = "Некорректный запрос",
        ["type"] = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson",
        ["status"] = status,
        ["detail"] = "В запросе отсутствует ряд параметров или параметры невалидны",
    }, ProblemJson);

    public static IResult TooManyRequests(AmoCrmBehavior behavior)
    {
        var headers = behavior.RetryAfterSeconds is int seconds
            ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) }
            : null;
        return behavior.TooManyRequestsBody switch
        {
            AmoCrmErrorBody.Json => VendorResult.Json(429, new JsonObject
            {
                ["title"] = "Too Many Requests",
                ["type"] = "https://httpstatus.es/429",
                ["status"] = 429,
                ["detail"] = "Превышено допустимое количество запросов в секунду",
                ["retry_after"] = behavior.RetryAfterSeconds,
            }, ProblemJson, headers),
            AmoCrmErrorBody.Empty => new VendorResult(429, null, "text/plain", headers),
            _ => VendorResult.NginxPage(429, "Too Many Requests", headers),
        };
    }

    public static IResult Blocked() => VendorResult.NginxPage(403, "Forbidden");

    public static IResult ServerError(int status) => VendorResult.NginxPage(status, status switch
    {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        _ => "Server Error",
    });
}
