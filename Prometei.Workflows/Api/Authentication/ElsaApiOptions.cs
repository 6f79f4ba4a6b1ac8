namespace Prometei.Workflows.Api.Authentication;

/// <summary>Settings of <c>/elsa/api</c> (section <c>Elsa</c>).</summary>
public sealed class ElsaApiOptions
{
    public const string SectionName = "Elsa";

    /// <summary>The environment variable that adds one more API key.</summary>
    public const string ApiKeyVariable = "ELSA_API_KEY";

    /// <summary>The shortest API key accepted.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Keys accepted in <c>Authorization: ApiKey &lt;key&gt;</c>. Keep them in secrets, not in appsettings.json.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Origins (<c>https://host[:port]</c>) allowed to call the API from a browser. Empty: no CORS at all.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long a bearer token issued for Studio stays valid. Studio cannot refresh tokens, so make it cover a session.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
