namespace Prometei.Api.IntegrationTests.Support;

public sealed record TelegramCall(string Token, string? ChatId, string Text);
