using Microsoft.Extensions.Options;

namespace Prometei.Api.Hosting;

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var v = new OptionsValidation();
        v.AddRange(options.ConfigurationErrors);
        v.Require(options.InternalKeys.Count > 0,
            "Api:InternalKeys is empty: set API_INTERNAL_KEY (or Api__InternalKeys__0), the key the workflows send in X-Api-Key.");
        v.Require(options.InternalKeys.All(k => k.Trim().Length >= 16),
            "Api:InternalKeys / API_INTERNAL_KEY: every internal API key needs 16 characters or more.");
        // Unset: the operations endpoints (/health with details, /ops/...) refuse everyone; the flows run. The old amoCRM → ERP
        // service had no such password, and its .env alone must start the gateway.
        v.Require(options.AdminPassword is null || options.AdminPassword.Length >= 8,
            "ADMIN_BASIC_PASS (Api:AdminPassword) needs 8 characters or more.");
        v.Require(options.MaxSyncBatch is > 0 and <= 10_000, "Api:MaxSyncBatch must be from 1 to 10000.");
        v.Require(options.OrderLease > TimeSpan.Zero, "Api:OrderLease must be positive.");
        v.Require(options.SyncLockWait > TimeSpan.Zero && options.SyncLockWait <= TimeSpan.FromMinutes(5), "Api:SyncLockWait must be positive and at most 5 minutes.");
        v.Require(options.IdempotencyWait >= TimeSpan.Zero && options.IdempotencyWait <= TimeSpan.FromMinutes(1), "Api:IdempotencyWait must be from 0 to 1 minute.");
        v.Require(options.ErrorRetention > TimeSpan.Zero, "Api:ErrorRetention must be positive.");
        v.Require(options.MaintenanceInterval > TimeSpan.Zero, "Api:MaintenanceInterval must be positive.");
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            if (options.TimeZone != "Asia/Almaty")
            {
                v.Fail($"Api:TimeZone '{options.TimeZone}' is not a known time zone.");
            }
        }

        return v.Result();
    }
}
