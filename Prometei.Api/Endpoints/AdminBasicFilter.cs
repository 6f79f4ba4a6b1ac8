using System.Text;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Endpoints;

/// <summary>Operations endpoints: HTTP Basic, user <c>admin</c>, password <c>ADMIN_BASIC_PASS</c>; otherwise 401 with a Basic challenge.</summary>
public sealed class AdminBasicFilter(IOptions<GatewayOptions> options, ILogger<AdminBasicFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (IsAdmin(context.HttpContext.Request, options.Value))
        {
            return await next(context);
        }

        var request = context.HttpContext.Request;
        EndpointLog.Unauthorized(logger, request.Method, request.Path.Value ?? "");
        context.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"Prometei operations\", charset=\"UTF-8\"";
        return TypedResults.Problem("Sign in as admin with the password ADMIN_BASIC_PASS.", statusCode: 401, title: "Authentication required");
    }

    public static bool IsAdmin(HttpRequest request, GatewayOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(options.AdminPassword))
        {
            return false;
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            & ApiKeyFilter.SecretEquals(colon > 0 ? credentials[..colon] : "", options.AdminUser)
            & ApiKeyFilter.SecretEquals(colon > 0 ? credentials[(colon + 1)..] : "", options.AdminPassword);
    }
}
