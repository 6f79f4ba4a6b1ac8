namespace Prometei.Api.Capabilities;

/// <summary>Whether a vendor is configured and, when not, what to set.</summary>
public sealed record VendorConfiguration(string Name, bool Configured, string? Missing);
