using Prometei.Workflows.Studio;

namespace Prometei.Workflows.UnitTests.Studio;

public sealed class StudioSignInTests
{
    private static readonly StudioOperatorOptions s_operator = new() { UserName = "operator", Password = "correct horse" };

    [Theory]
    [InlineData("operator", "correct horse", true)]
    [InlineData("OPERATOR", "correct horse", true)]
    [InlineData("operator", "Correct horse", false)]
    [InlineData("operator", "correct horse ", false)]
    [InlineData("someone", "correct horse", false)]
    [InlineData(null, null, false)]
    public void Matches_ComparesUserNameWithoutCaseAndPasswordExactly(string? userName, string? password, bool expected) =>
        Assert.Equal(expected, OperatorCredentials.Matches(s_operator, userName, password));

    [Fact]
    public void Matches_WithoutConfiguredPassword_IsAlwaysFalse() =>
        Assert.False(OperatorCredentials.Matches(new StudioOperatorOptions { UserName = "operator", Password = "" }, "operator", ""));

    [Theory]
    [InlineData("/studio/workflows/instances", "/studio/workflows/instances")]
    [InlineData("/studio/workflows/definitions/abc/edit?x=1", "/studio/workflows/definitions/abc/edit?x=1")]
    [InlineData(null, "/studio/")]
    [InlineData("", "/studio/")]
    [InlineData("https://evil.example/studio/", "/studio/")]
    [InlineData("//evil.example/studio/", "/studio/")]
    [InlineData("/studio//evil.example", "/studio/")]
    [InlineData("/studio/\\evil", "/studio/")]
    [InlineData("/elsa/api/workflow-definitions", "/studio/")]
    [InlineData("/studio", "/studio/")]
    public void SafeReturnUrl_KeepsOnlyPathsInsideTheStudio(string? returnUrl, string expected) =>
        Assert.Equal(expected, StudioApi.SafeReturnUrl(returnUrl, "/studio/"));

    [Fact]
    public void PasswordStamp_ChangesWithThePassword()
    {
        var before = StudioApi.PasswordStamp(s_operator);
        var after = StudioApi.PasswordStamp(new StudioOperatorOptions { UserName = "operator", Password = "battery staple" });

        Assert.NotEqual(before, after);
        Assert.Equal(before, StudioApi.PasswordStamp(new StudioOperatorOptions { UserName = "Operator", Password = "correct horse" }));
    }

    [Fact]
    public void Fill_EncodesValues_AndDoesNotExpandPlaceholdersInsideThem()
    {
        var html = StudioShell.Fill(
            "<b data-id=\"{{Id}}\">{{Name}}</b>{{Missing}}",
            new Dictionary<string, string?> { ["Id"] = "\"><script>x</script>", ["Name"] = "{{Id}}" });

        Assert.Equal("<b data-id=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">{{Id}}</b>", html);
    }
}
