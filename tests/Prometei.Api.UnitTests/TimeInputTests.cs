using System.Text.Json.Nodes;
using Prometei.Api.Endpoints;
using Prometei.Api.Ledger;

namespace Prometei.Api.UnitTests;

public sealed class TimeInputTests
{
    private static readonly TimeZoneInfo s_almaty = GatewayClock.FindZone("Asia/Almaty");

    [Fact]
    public void EpochMilliseconds_AreRead()
    {
        Assert.True(TimeInput.TryParse(JsonValue.Create(1732097650123L), s_almaty, out var value));
        Assert.Equal(1732097650123, value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void ADate_IsMidnightInAlmaty()
    {
        Assert.True(TimeInput.TryParse(JsonValue.Create("2024-11-20"), s_almaty, out var value));
        Assert.Equal(new DateTimeOffset(2024, 11, 19, 19, 0, 0, TimeSpan.Zero), value.ToUniversalTime());
    }

    [Fact]
    public void AnIsoDateTime_IsRead()
    {
        Assert.True(TimeInput.TryParse(JsonValue.Create("2024-11-20T10:00:00Z"), s_almaty, out var value));
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 10, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Nonsense_IsRefused(string text) => Assert.False(TimeInput.TryParse(JsonValue.Create(text), s_almaty, out _));

    [Fact]
    public void NegativeOrMissing_IsRefused()
    {
        Assert.False(TimeInput.TryParse(JsonValue.Create(-5L), s_almaty, out _));
        Assert.False(TimeInput.TryParse(null, s_almaty, out _));
        Assert.False(TimeInput.TryParse(new JsonObject(), s_almaty, out _));
    }
}
