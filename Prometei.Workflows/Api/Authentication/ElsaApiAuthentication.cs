using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Api.Authentication;

/// <summary>
/// Who may call <c>/elsa/api</c>: a client with an API key (<c>Authorization: ApiKey &lt;key&gt;</c>) or with a bearer token
/// from <see cref="StudioTokenIssuer"/> (<c>Authorization: Bearer &lt;token&gt;</c>). Both schemes are named in the
/// <see cref="PolicyName"/> policy only; no default scheme is set, so other parts of the host (the Studio shell's cookie)
/// keep theirs.
/// </summary>
public static class ElsaApiAuthentication
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>ASP.NET Core's bearer token scheme (<c>AddBearerToken</c>); <c>Results.SignIn(principal, authenticationScheme: BearerScheme)</c> also issues one.</summary>
    public const string BearerScheme = BearerTokenDefaults.AuthenticationScheme;

    public const string PolicyName = "ElsaApi";

    internal static IHostApplicationBuilder AddElsaApiAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ElsaApiOptions>()
            .BindConfiguration(ElsaApiOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (configuration[ElsaApiOptions.ApiKeyVariable] is { Length: > 0 } key)
                {
                    options.ApiKeys.Add(key);
                }
            })
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElsaApiOptions>, ElsaApiOptionsValidator>());

        builder.Services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, displayName: null, _ => { })
            .AddBearerToken(BearerScheme);
        builder.Services.AddOptions<ApiKeyAuthenticationOptions>(ApiKeyScheme).Configure<IOptions<ElsaApiOptions>>((options, api) =>
        {
            foreach (var key in api.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)))
            {
                options.KeyHashes.Add(ApiKeyAuthenticationHandler.Hash(key.Trim()));
            }
        });
        builder.Services.AddOptions<BearerTokenOptions>(BearerScheme)
            .Configure<IOptions<ElsaApiOptions>>((options, api) => options.BearerTokenExpiration = api.Value.TokenLifetime);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(ApiKeyScheme, BearerScheme).RequireAuthenticatedUser());
        builder.Services.AddSingleton<StudioTokenIssuer>();
        return builder;
    }
}
