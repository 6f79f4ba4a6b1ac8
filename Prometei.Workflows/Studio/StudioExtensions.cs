using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Studio;

/// <summary>Registration of the Studio host (<c>/studio/</c>); endpoints in <see cref="StudioApi"/>.</summary>
public static class StudioExtensions
{
    /// <summary>
    /// The <c>Studio</c> options, the operator's cookie scheme and policy (named, never the default scheme), antiforgery for the
    /// sign-in form, the sign-in throttle, the package files and our shell.
    /// </summary>
    public static IHostApplicationBuilder AddStudio(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StudioOptions>().BindConfiguration(StudioOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StudioOptions>, StudioOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<StudioPackage>();
        builder.Services.AddSingleton<StudioShell>();
        builder.Services.AddAntiforgery();

        // The elements' bearer tokens come from the Elsa API's StudioTokenIssuer (AddElsaApi registers it and its scheme).
        builder.Services.AddAuthentication().AddCookie(StudioApi.CookieScheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(StudioApi.CookieScheme)
            .Configure<IOptions<StudioOptions>>((cookie, studio) => StudioApi.ConfigureCookie(cookie, studio.Value));

        builder.Services.AddAuthorizationBuilder().AddPolicy(StudioApi.OperatorPolicy, policy => policy
            .AddAuthenticationSchemes(StudioApi.CookieScheme)
            .RequireAuthenticatedUser()
            .RequireRole(StudioApi.OperatorRole));

        builder.Services.AddHostedService<StudioStartupCheck>();
        return builder;
    }
}
