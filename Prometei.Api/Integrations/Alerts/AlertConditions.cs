namespace Prometei.Api.Integrations.Alerts;

/// <summary>The conditions that raise alerts; each alerts at most once per <see cref="AlertOptions.Period"/>.</summary>
public static class AlertConditions
{
    /// <summary>amoCRM refused the refresh token (or the long-lived token): calls stop until an operator reconnects.</summary>
    public const string TokenRevoked = "amocrm_token_revoked";

    /// <summary>amoCRM answered 403 (the account is blocked): calls stop until an operator resumes them.</summary>
    public const string AccountBlocked = "amocrm_account_blocked";

    /// <summary>amoCRM switched our webhook off after too many failed deliveries: status changes reach us only by the catch-up.</summary>
    public const string WebhookDisabled = "amocrm_webhook_disabled";

    /// <summary>Many errors within the failure window: a flow keeps failing.</summary>
    public const string FlowFailing = "flow_failing";

    /// <summary>The ERP refused a task or deal for good (4xx): no retry creates it; the error log names it.</summary>
    public const string ErpRefused = "erp_refused";

    /// <summary>No Kaspi poll within the heartbeat threshold: the polling flow has stopped.</summary>
    public const string HeartbeatStale = "heartbeat_stale";

    /// <summary>A vendor (<c>amocrm</c>, <c>kaspi</c>, <c>erp</c>) has failed for longer than <see cref="AlertOptions.OutageThreshold"/>.</summary>
    public static string VendorDown(string vendor) => "vendor_down:" + vendor;

    /// <summary>A vendor whose outage was alerted answers again.</summary>
    public static string VendorUp(string vendor) => "vendor_up:" + vendor;

    /// <summary>The vendor's name in an alert.</summary>
    public static string VendorName(string vendor) => vendor switch
    {
        "amocrm" => "amoCRM",
        "kaspi" => "Kaspi",
        "erp" => "ERP",
        _ => vendor,
    };

    /// <summary>Alerts sent by the workflows through <c>POST /api/alerts</c> are prefixed with this.</summary>
    public const string WorkflowPrefix = "workflow:";
}
