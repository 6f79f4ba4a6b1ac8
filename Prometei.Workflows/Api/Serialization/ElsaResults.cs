using Microsoft.AspNetCore.Http.HttpResults;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>Results written with <see cref="ElsaJson.Options"/>, and Elsa's error bodies.</summary>
internal static class ElsaResults
{
    public static JsonHttpResult<T> Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(value, ElsaJson.Options, statusCode: statusCode);

    /// <summary>A validation failure Studio can show: 400 (or <paramref name="statusCode"/>) with <c>errors.generalErrors</c>.</summary>
    public static JsonHttpResult<ErrorResponse> Errors(IEnumerable<string> errors, int statusCode = StatusCodes.Status400BadRequest)
    {
        var list = errors.ToList();
        var message = list.Count == 1 ? list[0] : "One or more errors occurred!";
        return Json(new ErrorResponse(statusCode, message, new Dictionary<string, IReadOnlyList<string>> { ["generalErrors"] = list }), statusCode);
    }

    public static JsonHttpResult<ErrorResponse> Error(string error, int statusCode = StatusCodes.Status400BadRequest) => Errors([error], statusCode);
}
