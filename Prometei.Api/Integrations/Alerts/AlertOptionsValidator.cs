using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Alerts;

internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions o)
    {
        var v = new OptionsValidation();
        v.AddRange(o.ConfigurationErrors);
        v.Require(string.IsNullOrWhiteSpace(o.TelegramBotToken) == string.IsNullOrWhiteSpace(o.TelegramChatId),
            "Telegram alerts need both ALERT_TELEGRAM_BOT_TOKEN and ALERT_TELEGRAM_CHAT_ID (one of them is missing).");
        v.Require(string.IsNullOrWhiteSpace(o.EmailTo) || !string.IsNullOrWhiteSpace(o.SmtpHost),
            "ALERT_EMAIL_TO is set but ALERT_EMAIL_SMTP_HOST (Alerts:SmtpHost) is not.");
        v.Require(o.SmtpPort is > 0 and < 65536, "ALERT_EMAIL_SMTP_PORT (Alerts:SmtpPort) must be a TCP port.");
        v.Require(string.IsNullOrWhiteSpace(o.SmtpUser) || !string.IsNullOrEmpty(o.SmtpPassword),
            "ALERT_EMAIL_SMTP_USER is set but ALERT_EMAIL_SMTP_PASSWORD is not.");
        v.Require(OptionsValidation.IsHttpUrl(o.TelegramApiUrl), "ALERT_TELEGRAM_API_URL (Alerts:TelegramApiUrl) must be an absolute http(s) URL.");
        v.Require(o.Period > TimeSpan.Zero, "Alerts:Period must be positive.");
        v.Require(o.FailureThreshold > 0, "Alerts:FailureThreshold must be positive.");
        return v.Result();
    }
}
