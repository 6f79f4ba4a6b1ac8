using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("7071234567", "+77071234567")]          // Kaspi's 10 digits: the leading 7 is the operator prefix
    [InlineData("7021234567", "+77021234567")]
    [InlineData("87071234567", "+77071234567")]
    [InlineData("77071234567", "+77071234567")]
    [InlineData("+77071234567", "+77071234567")]
    [InlineData("+7 (707) 123-45-67", "+77071234567")]
    [InlineData("8 (701) 765-43-21", "+77017654321")]
    [InlineData(" 707 123 45 67 ", "+77071234567")]
    [InlineData("+998901234567", "+998901234567")]
    public void Normalize_KnownFormats_GiveOneForm(string raw, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("97071234567")]      // 11 digits not starting with 7 or 8, no +
    [InlineData("abc")]
    [InlineData("707***4567")]         // masked by Kaspi
    [InlineData("+7 (707) 123-**-67")]
    [InlineData("77071234567*")]       // a mask mark with all 11 digits still there: not to be trusted
    [InlineData("7071XX4567")]
    public void Normalize_NotAPhone_IsNull(string? raw) => Assert.Null(PhoneNumbers.Normalize(raw));

    [Fact]
    public void Normalize_TenDigitsStartingWithSeven_KeepsTheSeven() =>
        Assert.Equal("+77771234567", PhoneNumbers.Normalize("7771234567"));

    [Fact]
    public void SearchKey_IsTheLastTenDigits() => Assert.Equal("7071234567", PhoneNumbers.SearchKey("+77071234567"));

    [Fact]
    public void Masked_ShowsOnlyTheLastFourDigits() => Assert.Equal("…4567", PhoneNumbers.Masked("+77071234567"));
}
