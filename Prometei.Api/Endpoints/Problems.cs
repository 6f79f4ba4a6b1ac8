using Microsoft.AspNetCore.Http.HttpResults;

namespace Prometei.Api.Endpoints;

/// <summary>Problem answers for bad input, each logged (method, path, reason: never the body).</summary>
public static class Problems
{
    public static ProblemHttpResult BadInput(ILogger logger, HttpRequest request, int status, string title, string detail)
    {
        EndpointLog.Rejected(logger, request.Method, request.Path.Value ?? "", status, detail);
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }

    public static ValidationProblem Invalid(ILogger logger, HttpRequest request, Dictionary<string, string[]> errors)
    {
        EndpointLog.Rejected(logger, request.Method, request.Path.Value ?? "", 400, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return TypedResults.ValidationProblem(errors, title: "The request is not valid");
    }
}
