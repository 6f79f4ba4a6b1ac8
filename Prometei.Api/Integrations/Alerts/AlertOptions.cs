using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Alerts;

/// <summary>
/// Where alerts go (section <c>Alerts</c>; also <c>ALERT_TELEGRAM_*</c> and <c>ALERT_EMAIL_*</c>). A channel without
/// settings is silent.
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>The Telegram bot token (<c>ALERT_TELEGRAM_BOT_TOKEN</c>).</summary>
    public string? TelegramBotToken { get; set; }

    /// <summary>The chat that receives alerts (<c>ALERT_TELEGRAM_CHAT_ID</c>).</summary>
    public string? TelegramChatId { get; set; }

    /// <summary>The Bot API base (<c>ALERT_TELEGRAM_API_URL</c>); default <c>https://api.telegram.org</c>.</summary>
    public Uri TelegramApiUrl { get; set; } = new("https://api.telegram.org/");

    /// <summary>Recipients, comma-separated (<c>ALERT_EMAIL_TO</c>).</summary>
    public string? EmailTo { get; set; }

    /// <summary>Sender address (<c>ALERT_EMAIL_FROM</c> or <c>ALERT_EMAIL_SMTP_FROM</c>); default the SMTP user or prometei@localhost.</summary>
    public string? EmailFrom { get; set; }

    /// <summary><c>ALERT_EMAIL_SMTP_HOST</c>.</summary>
    public string? SmtpHost { get; set; }

    /// <summary><c>ALERT_EMAIL_SMTP_PORT</c>, default 587.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary><c>ALERT_EMAIL_SMTP_USER</c>.</summary>
    public string? SmtpUser { get; set; }

    /// <summary><c>ALERT_EMAIL_SMTP_PASSWORD</c> (or <c>ALERT_EMAIL_SMTP_PASS</c>).</summary>
    public string? SmtpPassword { get; set; }

    /// <summary><c>ALERT_EMAIL_SMTP_SSL</c> (STARTTLS), default true.</summary>
    public bool SmtpSsl { get; set; } = true;

    /// <summary>At most one alert per condition in this period. Default 1 hour.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The Kaspi poll heartbeat is stale after this long (alert). Default 10 minutes.</summary>
    public TimeSpan HeartbeatThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>This many errors within <see cref="FailureWindow"/> mean a flow keeps failing (alert). Default 5.</summary>
    public int FailureThreshold { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A vendor failing (5xx, timeouts, refused connections, no success since) this long raises one outage alert; its first success, one recovery alert. Default 10 minutes.</summary>
    public TimeSpan OutageThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first line of every alert.</summary>
    public string Title { get; set; } = "Prometei";

    internal List<string> ConfigurationErrors { get; } = [];

    public bool TelegramConfigured => !string.IsNullOrWhiteSpace(TelegramBotToken) && !string.IsNullOrWhiteSpace(TelegramChatId);

    public bool EmailConfigured => !string.IsNullOrWhiteSpace(EmailTo) && !string.IsNullOrWhiteSpace(SmtpHost);

    internal static void ApplyLegacy(AlertOptions o, LegacySettings legacy)
    {
        legacy.String(v => o.TelegramBotToken = v, "ALERT_TELEGRAM_BOT_TOKEN");
        legacy.String(v => o.TelegramChatId = v, "ALERT_TELEGRAM_CHAT_ID");
        legacy.Uri(v => o.TelegramApiUrl = v, "ALERT_TELEGRAM_API_URL");
        legacy.String(v => o.EmailTo = v, "ALERT_EMAIL_TO");
        legacy.String(v => o.EmailFrom = v, "ALERT_EMAIL_FROM", "ALERT_EMAIL_SMTP_FROM");
        legacy.String(v => o.SmtpHost = v, "ALERT_EMAIL_SMTP_HOST");
        legacy.Long(v => o.SmtpPort = (int)v, "ALERT_EMAIL_SMTP_PORT");
        legacy.String(v => o.SmtpUser = v, "ALERT_EMAIL_SMTP_USER", "ALERT_EMAIL_SMTP_USERNAME");
        legacy.String(v => o.SmtpPassword = v, "ALERT_EMAIL_SMTP_PASSWORD", "ALERT_EMAIL_SMTP_PASS");
        legacy.Bool(v => o.SmtpSsl = v, "ALERT_EMAIL_SMTP_SSL", "ALERT_EMAIL_SMTP_TLS");
        if (!o.TelegramApiUrl.AbsoluteUri.EndsWith('/'))
        {
            o.TelegramApiUrl = new Uri(o.TelegramApiUrl.AbsoluteUri + "/");
        }
    }
}
