using Microsoft.Extensions.Configuration;
using Prometei.ServiceDefaults.ServiceDiscovery;

namespace Prometei.ServiceDefaults.Tests.ServiceDiscovery;

public sealed class ServiceEndpointResolverTests
{
    [Fact]
    public void Resolve_NoSchemeGiven_PrefersHttps()
    {
        var resolver = CreateResolver(new()
        {
            ["services:api:http:0"] = "http://localhost:5001",
            ["services:api:https:0"] = "https://localhost:5002",
        });

        Assert.Equal(new Uri("https://localhost:5002"), resolver.Resolve("api"));
    }

    [Fact]
    public void Resolve_SchemeGiven_UsesOnlyThatScheme()
    {
        var resolver = CreateResolver(new() { ["services:api:https:0"] = "https://localhost:5002" });

        Assert.Null(resolver.Resolve("api", "http"));
    }

    [Fact]
    public void Resolve_SetAsEnvironmentVariable_Resolves()
    {
        // The AppHost passes endpoints as environment variables; a name of its own keeps this test apart from others.
        Environment.SetEnvironmentVariable("services__resolvertest__http__0", "http://localhost:5001");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();

            Assert.Equal(new Uri("http://localhost:5001"), new ServiceEndpointResolver(configuration).Resolve("resolvertest"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("services__resolvertest__http__0", null);
        }
    }

    [Fact]
    public void ResolveRequired_NotConfigured_ThrowsNamingBothKeys()
    {
        var resolver = CreateResolver([]);

        var exception = Assert.Throws<InvalidOperationException>(() => resolver.ResolveRequired("workflows"));

        Assert.Contains("services__workflows__https__0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("services__workflows__http__0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ValueNotAUri_ThrowsNamingTheKey()
    {
        var resolver = CreateResolver(new() { ["services:api:http:0"] = "not a uri" });

        var exception = Assert.Throws<InvalidOperationException>(() => resolver.Resolve("api"));

        Assert.Contains("services:api:http:0", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceEndpointResolver CreateResolver(Dictionary<string, string?> values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
