namespace Prometei.Api.Integrations.AmoCrm;

public sealed record TokenGrant(TokenGrantOutcome Outcome, AmoCrmTokenPair? Pair, string Reason)
{
    public static TokenGrant Granted(AmoCrmTokenPair pair) => new(TokenGrantOutcome.Granted, pair, "granted");
}
