namespace Prometei.Workflows.Api.Authentication;

/// <summary>A bearer token for <c>/elsa/api</c>, to put in Studio's <c>access-token</c> attribute, and when it stops working.</summary>
public sealed record StudioToken(string AccessToken, DateTimeOffset ExpiresAt);
