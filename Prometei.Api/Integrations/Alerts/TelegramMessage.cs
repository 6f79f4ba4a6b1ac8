using System.Text.Json.Serialization;

namespace Prometei.Api.Integrations.Alerts;

public sealed record TelegramMessage(
    [property: JsonPropertyName("chat_id")] string ChatId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("disable_web_page_preview")] bool DisableWebPagePreview = true);
