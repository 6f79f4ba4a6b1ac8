using Microsoft.AspNetCore.Authentication;

namespace Prometei.Workflows.Api.Authentication;

/// <summary>The accepted keys, kept only as SHA-256 hashes.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    internal List<byte[]> KeyHashes { get; } = [];
}
