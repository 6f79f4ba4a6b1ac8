using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Api.Authentication;

namespace Prometei.Workflows.Studio;

/// <summary>
/// <c>/studio/</c>: the sign-in page, our host pages around the four Elsa Studio elements, the session's bearer token for them, and
/// the package files. Everything but the sign-in page needs the operator's cookie session.
/// </summary>
public static partial class StudioApi
{
    public const string BasePath = "/studio";

    /// <summary>The cookie scheme of the Studio session. Named on our endpoints only; it is never the default scheme.</summary>
    public const string CookieScheme = "PrometeiStudio";

    /// <summary>The authorization policy of every Studio endpoint but sign-in: a cookie session.</summary>
    public const string OperatorPolicy = "PrometeiStudioOperator";

    /// <summary>The claim that ties a session to the password it was opened with; changing the password ends every session.</summary>
    public const string PasswordStampClaim = "prometei:studio-stamp";

    /// <summary>The role the operator's claims carry, in the cookie and in the bearer token.</summary>
    public const string OperatorRole = "Operator";

    public static RouteGroupBuilder MapStudio(this IEndpointRouteBuilder app)
    {
        var studio = app.MapGroup(BasePath).ExcludeFromDescription();
        if (!app.ServiceProvider.GetRequiredService<IOptions<StudioOptions>>().Value.Enabled)
        {
            return studio;
        }

        studio.AddEndpointFilter(RequireConfiguredAsync);
        studio.MapGet("/signin", SignInPageAsync).AllowAnonymous();
        // Antiforgery is checked in the handler, so that the Studio needs no app.UseAntiforgery() in the pipeline.
        studio.MapPost("/signin", SignInAsync).AllowAnonymous().DisableAntiforgery();

        var session = studio.MapGroup("").RequireAuthorization(OperatorPolicy);
        session.MapPost("/signout", (Delegate)SignOutAsync);  // the cast makes it a route handler, not a RequestDelegate
        session.MapGet("/api/token", IssueToken);
        session.MapGet("/", (HttpContext c, StudioShell shell) => c.Request.Path.Value?.EndsWith('/') == true
            ? shell.Page(c, StudioShell.Pages.Definitions, "Workflows", UserName(c))
            : Results.Redirect(StudioShell.BaseHref(c)));
        session.MapGet("/workflows/definitions", (HttpContext c, StudioShell shell) =>
            shell.Page(c, StudioShell.Pages.Definitions, "Workflows", UserName(c)));
        session.MapGet("/workflows/definitions/{definitionId}/edit", (string definitionId, HttpContext c, StudioShell shell) =>
            shell.Page(c, StudioShell.Pages.Editor, "Edit workflow", UserName(c), definitionId: definitionId));
        session.MapGet("/workflows/instances", (HttpContext c, StudioShell shell) =>
            shell.Page(c, StudioShell.Pages.Instances, "Instances", UserName(c)));
        session.MapGet("/workflows/instances/{instanceId}/view", (string instanceId, HttpContext c, StudioShell shell) =>
            shell.Page(c, StudioShell.Pages.Viewer, "Instance", UserName(c), instanceId: instanceId));
        session.MapGet("/shell/{name}", (string name, HttpContext c, StudioShell shell) => shell.Asset(c, name));
        session.MapGet("/{**path}", (string path, HttpContext c, StudioPackage package) => package.Serve(c, path));
        return studio;
    }

    /// <summary>503 naming the setting while the operator's password (or the package) is missing.</summary>
    private static async ValueTask<object?> RequireConfiguredAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<StudioOptions>>().CurrentValue;
        if (string.IsNullOrEmpty(options.Operator.Password))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The Studio is not configured.",
                detail: $"Set {StudioOptions.SectionName}:Operator:Password (environment variable {StudioOptions.SectionName}__Operator__Password) " +
                        "to the operator's password to enable sign-in.");
        }

        if (services.GetRequiredService<StudioPackage>().Problem is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The Studio is not available.", detail: problem);
        }

        return await next(context);
    }

    private static async Task<IResult> SignInPageAsync(HttpContext context, string? returnUrl, StudioShell shell, IAntiforgery antiforgery)
    {
        var target = SafeReturnUrl(returnUrl, StudioShell.BaseHref(context));
        if ((await context.AuthenticateAsync(CookieScheme)).Succeeded)
        {
            return Results.Redirect(target);
        }

        return SignInForm(context, shell, antiforgery, StatusCodes.Status200OK, target, null, null);
    }

    /// <summary>
    /// Checks the form (and its antiforgery token) against the operator account. Locked keys (the client address, the user name) get 429 before the password is
    /// even compared; a failure counts against both; a success opens a cookie session and clears both.
    /// </summary>
    private static async Task<IResult> SignInAsync(
        HttpContext context,
        [FromForm] string? userName,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        StudioShell shell,
        IAntiforgery antiforgery,
        SignInThrottle throttle,
        IOptionsMonitor<StudioOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(StudioApi).FullName!);
        var target = SafeReturnUrl(returnUrl, StudioShell.BaseHref(context));
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInForm(context, shell, antiforgery, StatusCodes.Status400BadRequest, target, userName,
                "The sign-in form expired. Please try again.");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        string[] keys = [$"ip:{address}", $"user:{(userName ?? "").Trim().ToUpperInvariant()}"];
        if (throttle.RetryAfter(keys) is { } wait)
        {
            LogThrottled(logger, address);
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SignInForm(context, shell, antiforgery, StatusCodes.Status429TooManyRequests, target, userName,
                $"Too many failed sign-ins. Try again in {seconds} s.");
        }

        var account = options.CurrentValue.Operator;
        if (!OperatorCredentials.Matches(account, userName, password))
        {
            throttle.Failed(keys);
            LogFailed(logger, address);
            return SignInForm(context, shell, antiforgery, StatusCodes.Status401Unauthorized, target, userName, "The user name or password is wrong.");
        }

        throttle.Succeeded(keys);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.UserName),
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(ClaimTypes.Role, OperatorRole),
                new Claim(PasswordStampClaim, PasswordStamp(account)),
            ],
            CookieScheme);
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        LogSignedIn(logger, address);
        return TypedResults.Redirect(target);
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieScheme);
        return TypedResults.Redirect(StudioShell.BaseHref(context) + "signin");
    }

    /// <summary>
    /// A bearer token for <c>/elsa/api</c> (the Elsa API's bearer scheme, lasting <c>Elsa:TokenLifetime</c>) for the elements on
    /// this page. It carries the operator's name and role only; each page load asks for a new one, since the elements can't
    /// refresh it.
    /// </summary>
    private static Ok<StudioToken> IssueToken(HttpContext context, StudioTokenIssuer issuer)
    {
        var identity = new ClaimsIdentity(
            context.User.Claims.Where(c => c.Type is ClaimTypes.NameIdentifier or ClaimTypes.Name or ClaimTypes.Role).Select(c => new Claim(c.Type, c.Value)),
            CookieScheme);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(issuer.Issue(new ClaimsPrincipal(identity)));
    }

    /// <summary>
    /// The cookie scheme's settings: HttpOnly, SameSite=Strict, sliding, scoped to <c>/studio</c>; pages redirect to the sign-in page,
    /// other requests get 401; a session opened with an older password is rejected.
    /// </summary>
    internal static void ConfigureCookie(CookieAuthenticationOptions cookie, StudioOptions studio)
    {
        cookie.Cookie.Name = "prometei.studio";
        cookie.Cookie.Path = BasePath;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = studio.SessionLifetime;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = BasePath + "/signin";
        cookie.LogoutPath = BasePath + "/signout";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events.OnRedirectToLogin = context =>
        {
            if (IsPageRequest(context.Request))
            {
                context.Response.Redirect(context.RedirectUri);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }

            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = context =>
        {
            var account = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<StudioOptions>>().CurrentValue.Operator;
            var stamp = context.Principal?.FindFirst(PasswordStampClaim)?.Value;
            if (stamp is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(PasswordStamp(account))))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path inside the Studio (no scheme, host or <c>//</c>); the Studio's start page
    /// otherwise.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl, string baseHref)
    {
        if (string.IsNullOrEmpty(returnUrl)
            || !returnUrl.StartsWith(baseHref, StringComparison.Ordinal)
            || returnUrl.Contains("//", StringComparison.Ordinal)
            || returnUrl.Contains('\\', StringComparison.Ordinal)
            || returnUrl.Any(char.IsControl))
        {
            return baseHref;
        }

        return returnUrl;
    }

    /// <summary>A short digest of the operator account, so that a session outlives no change to it.</summary>
    internal static string PasswordStamp(StudioOperatorOptions account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"prometei-studio\n{account.UserName.ToUpperInvariant()}\n{account.Password}")))[..32];

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static IResult SignInForm(HttpContext context, StudioShell shell, IAntiforgery antiforgery, int statusCode, string returnUrl, string? userName, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return shell.SignInPage(context, statusCode, tokens.FormFieldName, tokens.RequestToken ?? "", returnUrl, userName, error);
    }

    private static string UserName(HttpContext context) => context.User.Identity?.Name ?? "";

    [LoggerMessage(Level = LogLevel.Information, Message = "Studio sign-in from {RemoteAddress}")]
    private static partial void LogSignedIn(ILogger logger, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Studio sign-in failed from {RemoteAddress}")]
    private static partial void LogFailed(ILogger logger, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Studio sign-in refused from {RemoteAddress}: too many failures")]
    private static partial void LogThrottled(ILogger logger, string remoteAddress);
}
