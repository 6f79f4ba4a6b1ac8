using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.Alerts;

/// <summary>
/// Telegram Bot API <c>sendMessage</c>. The bot token sits in the URL path, so this client's request logging is removed
/// (see <see cref="AlertsExtensions"/>) and failures are reported without the URL.
/// </summary>
public sealed class TelegramAlertChannel(IHttpClientFactory clients, IOptions<AlertOptions> options)
{
    public const string ClientName = "telegram";

    public bool Configured => options.Value.TelegramConfigured;

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var o = options.Value;
        // "./": a token holds a colon, which would otherwise read as a URI scheme.
        var uri = new Uri(o.TelegramApiUrl, $"./bot{o.TelegramBotToken}/sendMessage");
        using var http = clients.CreateClient(ClientName);
        using var response = await http.PostAsJsonAsync(uri, new TelegramMessage(o.TelegramChatId!, text), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Telegram answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
