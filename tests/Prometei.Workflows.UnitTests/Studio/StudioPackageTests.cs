using Microsoft.Net.Http.Headers;
using Prometei.Workflows.Studio;

namespace Prometei.Workflows.UnitTests.Studio;

public sealed class StudioPackageTests
{
    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br,gzip", "br")]
    [InlineData("gzip, deflate", "br,gzip", "gzip")]
    [InlineData("br;q=0, gzip", "br,gzip", "gzip")]
    [InlineData("*", "br,gzip", "br")]
    [InlineData("identity", "br,gzip", null)]
    [InlineData("", "br,gzip", null)]
    [InlineData("br", "", null)]
    [InlineData("br, gzip", "gzip", "gzip")]
    public void ChooseEncoding_PrefersBrotliThenGzip_AmongAcceptedAndAvailable(string acceptEncoding, string available, string? expected)
    {
        var accepted = StringWithQualityHeaderValue.ParseList(acceptEncoding.Length == 0 ? [] : [acceptEncoding]);

        var chosen = StudioPackage.ChooseEncoding(accepted, available.Split(',', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expected, chosen);
    }

    [Theory]
    [InlineData("_framework/dotnet.native.rw4kynp763.wasm", true)]
    [InlineData("_framework/Elsa.Studio.Workflows.8p8xy3ufg9.wasm", true)]
    [InlineData("_framework/dotnet.js", false)]
    [InlineData("_framework/blazor.webassembly.js", false)]
    [InlineData("_content/MudBlazor/MudBlazor.min.css", false)]
    [InlineData("appsettings.json", false)]
    public void CacheControl_IsImmutableOnlyForHashedFrameworkFiles(string path, bool immutable)
    {
        var cacheControl = StudioPackage.CacheControl(path);

        Assert.Equal(immutable, cacheControl.Contains("immutable", StringComparison.Ordinal));
        Assert.StartsWith("private", cacheControl, StringComparison.Ordinal);
    }

    [Fact]
    public void CandidatePaths_Configured_IsTheOnlyOne_RelativeToTheContentRoot()
    {
        var paths = StudioPackage.CandidatePaths("studio", "/srv/app", "/srv/app/bin", "/build/pkg");

        Assert.Equal(["/srv/app/studio"], paths);
    }

    [Fact]
    public void CandidatePaths_Default_AreInstalledThenPublishedThenBuildFolder()
    {
        var paths = StudioPackage.CandidatePaths(null, "/srv/app", "/srv/app/bin", "/build/pkg/");

        Assert.Equal(
            ["/srv/app/" + StudioPackage.InstalledPath, "/srv/app/bin/" + StudioPackage.PublishedPath, "/build/pkg/"],
            paths);
    }
}
