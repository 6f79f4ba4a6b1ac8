using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary><c>POST /oauth2/access_token</c> (contract §2.2–§2.4): JSON or form bodies, both grants, rotation.</summary>
internal static class AmoCrmOAuthEndpoints
{
    public static async Task<IResult> AccessTokenAsync(HttpRequest request, AmoCrmTokenStore tokens, FakeVendorsState state)
    {
        var fields = await ReadFieldsAsync(request);
        if (fields is null)
        {
            var refused = tokens.Grant(new Dictionary<string, string?>(), revoked: false, blocked: false);
            return AmoCrmProblems.OAuth(refused.Status, refused.Hint!);
        }

        var revoked = state.For(FakeVendor.AmoCrm).Faults.Settings.RevokedToken;
        var result = tokens.Grant(fields, revoked, blocked: false);
        if (result.Pair is not { } pair)
        {
            return AmoCrmProblems.OAuth(result.Status, result.Hint!);
        }

        return VendorResult.Json(200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = pair.ExpiresIn,
            ["access_token"] = pair.AccessToken,
            ["refresh_token"] = pair.RefreshToken,
            ["server_time"] = state.Time.GetUtcNow().ToUnixTimeSeconds(),
        }, "application/json");
    }

    private static async Task<Dictionary<string, string?>?> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.Ordinal);
        }

        try
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is not JsonObject json)
            {
                return null;
            }

            return json.ToDictionary(
                p => p.Key,
                p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString(),
                StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
