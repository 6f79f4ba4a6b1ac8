using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Prometei.Workflows.Api.Authentication;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api;

/// <summary>
/// Who may send an event to <c>/workflows/events/{name}</c>: a caller of <c>/elsa/api</c> (<c>Authorization: ApiKey …</c> or
/// a Studio bearer token), or one presenting the event's shared secret from <c>Workflows:EventSecrets</c> in
/// <c>X-Event-Secret</c> or <c>?secret=</c>, compared in constant time (SHA-256 of both, so lengths tell nothing).
/// </summary>
internal static class EventAuthorization
{
    public const string SecretHeader = "X-Event-Secret";
    public const string SecretQueryParameter = "secret";

    public static async Task<bool> IsAllowedAsync(HttpContext context, string eventName, WorkflowServerOptions options)
    {
        foreach (var scheme in (string[])[ElsaApiAuthentication.ApiKeyScheme, ElsaApiAuthentication.BearerScheme])
        {
            if ((await context.AuthenticateAsync(scheme)).Succeeded)
            {
                return true;
            }
        }

        var given = context.Request.Headers[SecretHeader].ToString();
        if (given.Length == 0)
        {
            given = context.Request.Query[SecretQueryParameter].ToString();
        }

        if (given.Length == 0)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        var match = false;
        foreach (var secret in options.EventSecrets.Where(s => string.Equals(s.Event.Trim('/'), eventName, StringComparison.Ordinal)))
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(secret.Secret.Trim())));
        }

        return match;
    }
}
