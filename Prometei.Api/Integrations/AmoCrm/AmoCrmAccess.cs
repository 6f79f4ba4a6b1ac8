namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>An access token to use now, its generation (to ask for a refresh) and the account's base URL.</summary>
public sealed class AmoCrmAccess(string accessToken, long generation, Uri baseUrl)
{
    public string AccessToken { get; } = accessToken;

    public long Generation { get; } = generation;

    public Uri BaseUrl { get; } = baseUrl;

    public override string ToString() => $"amoCRM access, generation {Generation}";
}
