using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Endpoints;

/// <summary>
/// The internal API key the workflows send: <c>X-Api-Key: …</c> or <c>Authorization: ApiKey …</c>, compared in constant
/// time with <c>Api:InternalKeys</c> / <c>API_INTERNAL_KEY</c>. Anything else is a 401 problem.
/// </summary>
public sealed class ApiKeyFilter(IOptions<GatewayOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers["X-Api-Key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["ApiKey ".Length..].Trim();
        }

        if (presented.Length > 0 && options.Value.InternalKeys.Any(key => SecretEquals(presented, key.Trim())))
        {
            return await next(context);
        }

        EndpointLog.Unauthorized(logger, request.Method, request.Path.Value ?? "");
        context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey";
        return TypedResults.Problem("Send the internal API key in X-Api-Key or Authorization: ApiKey ….", statusCode: 401, title: "An API key is required");
    }

    /// <summary>Compares hashes, so neither the length nor the content leaks through timing.</summary>
    public static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
