namespace Prometei.Fakes.Control;

/// <summary>One call to <c>POST /oauth2/access_token</c>, so a test can assert "exactly one refresh".</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="GrantType">The <c>grant_type</c> sent.</param>
/// <param name="Status">The answer: 200, 400, 401 or 403.</param>
/// <param name="Hint">The problem's <c>hint</c> when refused (e.g. <c>Token has been revoked</c>).</param>
/// <param name="UsedGeneration">For a refresh: the generation of the refresh token presented, when it was one the fake issued.</param>
/// <param name="IssuedGeneration">The generation of the pair issued, when one was.</param>
public sealed record AmoCrmTokenCall(
    DateTimeOffset Time,
    string? GrantType,
    int Status,
    string? Hint,
    int? UsedGeneration,
    int? IssuedGeneration);
