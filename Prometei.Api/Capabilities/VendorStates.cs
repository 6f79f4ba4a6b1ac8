using Dapper;
using Npgsql;
using Prometei.Api.Ledger;

namespace Prometei.Api.Capabilities;

/// <summary>Each vendor's state for health: configuration, credentials refused, the amoCRM connection, an outage in progress.</summary>
public sealed class VendorStates(GatewayCapabilities capabilities, VendorRefusals refusals, NpgsqlDataSource db)
{
    public const string NotConfigured = "not_configured";
    public const string Ok = "ok";
    public const string CredentialsRefused = "credentials_refused";
    public const string ConnectionMissing = "connection_missing";
    public const string ConnectionFailing = "connection_failing";
    public const string Failing = "failing";

    public async Task<IReadOnlyList<VendorState>> ReadAsync(AmoCrmConnection? amoCrm, CancellationToken cancellationToken)
    {
        Dictionary<string, DateTime> failing;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            failing = (await connection.QueryAsync<(string Vendor, DateTime Since)>(new CommandDefinition(
                    "SELECT vendor, failing_since FROM vendor_health WHERE failing_since IS NOT NULL", cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Vendor, r => r.Since, StringComparer.Ordinal);
        }

        return [.. GatewayFlows.Vendors.Select(name => State(name, amoCrm, failing))];
    }

    private VendorState State(string name, AmoCrmConnection? amoCrm, Dictionary<string, DateTime> failing)
    {
        var configuration = capabilities.Vendor(name);
        if (!configuration.Configured)
        {
            return new VendorState(name, NotConfigured, configuration.Missing, null);
        }

        if (name == GatewayFlows.AmoCrm)
        {
            if (amoCrm is null || (amoCrm.AccessToken is null && amoCrm.RefreshToken is null))
            {
                return new VendorState(name, ConnectionMissing,
                    "amoCRM is not connected: open /oauth/amocrm/connect, run oauth-exchange CODE, or set AMO_ACCESS_TOKEN", null);
            }

            if (amoCrm.State != AmoCrmConnection.Connected)
            {
                return new VendorState(name, ConnectionFailing, $"amoCRM connection {amoCrm.State}: {amoCrm.StateReason}", amoCrm.StateChangedAt);
            }
        }
        else if (refusals.Get(name) is { } refused)
        {
            var what = name == GatewayFlows.Kaspi ? "the Kaspi token (KASPI_API_TOKEN)" : "the ERP credentials (CRM_API_KEY or CRM_API_USERNAME/CRM_API_PASSWORD)";
            return new VendorState(name, CredentialsRefused, $"{refused.Status} to {what}", refused.At);
        }

        return failing.TryGetValue(name, out var since)
            ? new VendorState(name, Failing, "5xx, timeouts or refused connections, no success since", new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)))
            : new VendorState(name, Ok, null, null);
    }
}
