namespace Prometei.Api.Hosting;

/// <summary>The gateway's own settings (section <c>Api</c>), plus <c>API_INTERNAL_KEY</c>, <c>ADMIN_BASIC_PASS</c> and <c>DRY_RUN</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Api";

    /// <summary>Keys the workflows present in <c>X-Api-Key</c> or <c>Authorization: ApiKey …</c> (16 characters or more).</summary>
    public List<string> InternalKeys { get; set; } = [];

    /// <summary>The operations user name (Basic auth).</summary>
    public string AdminUser { get; set; } = "admin";

    /// <summary>The operations password (<c>ADMIN_BASIC_PASS</c>).</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Reads happen; writes to amoCRM and the ERP are logged and returned instead (<c>DRY_RUN</c>).</summary>
    public bool DryRun { get; set; }

    /// <summary>How long the error log keeps entries. Default 30 days.</summary>
    public TimeSpan ErrorRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long idempotency records are kept. Default 30 days.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most orders in one sync call. Default 1000.</summary>
    public int MaxSyncBatch { get; set; } = 1000;

    /// <summary>
    /// How long a request whose Idempotency-Key is still running elsewhere waits for that one's answer before it gets a 409
    /// with <c>Retry-After</c>. Default 10 s.
    /// </summary>
    public TimeSpan IdempotencyWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a Kaspi sync waits for another one (one runs at a time across every process) before its call answers 503
    /// "sync busy" with <c>Retry-After</c>. Default 20 s, well inside the workflows' gateway timeout.
    /// </summary>
    public TimeSpan SyncLockWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a claimed order stays reserved while its lead is being created. Default 5 minutes.</summary>
    public TimeSpan OrderLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time zone of day boundaries (daily stats). Default Asia/Almaty.</summary>
    public string TimeZone { get; set; } = "Asia/Almaty";

    /// <summary>How often each process writes its heartbeat and checks alert conditions. Default 15 s.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal List<string> ConfigurationErrors { get; } = [];

    internal static void ApplyLegacy(GatewayOptions options, LegacySettings legacy)
    {
        legacy.String(key => options.InternalKeys.Add(key), "API_INTERNAL_KEY");
        legacy.String(password => options.AdminPassword = password, "ADMIN_BASIC_PASS");
        legacy.Bool(dryRun => options.DryRun = dryRun, "DRY_RUN");
    }
}
