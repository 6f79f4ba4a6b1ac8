using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>The <c>state</c> parameter of the OAuth redirect flow: random, single use, 15 minutes.</summary>
public sealed class OAuthStateStore(NpgsqlDataSource db)
{
    public async Task<string> CreateAsync(CancellationToken cancellationToken)
    {
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM oauth_states WHERE expires_at < now(); INSERT INTO oauth_states (state, expires_at) VALUES (@state, now() + interval '15 minutes')",
            new { state },
            cancellationToken: cancellationToken));
        return state;
    }

    /// <summary>True once for a state this service issued and that has not expired.</summary>
    public async Task<bool> ConsumeAsync(string state, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM oauth_states WHERE state = @state AND expires_at >= now()", new { state }, cancellationToken: cancellationToken)) == 1;
    }
}
