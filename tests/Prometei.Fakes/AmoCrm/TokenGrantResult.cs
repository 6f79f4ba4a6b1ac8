using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>The answer to a token request.</summary>
internal sealed record TokenGrantResult(int Status, string? Hint, AmoCrmTokenPair? Pair)
{
    public static TokenGrantResult Ok(AmoCrmTokenPair pair) => new(200, null, pair);

    public static TokenGrantResult Fail(int status, string hint) => new(status, hint, null);
}
