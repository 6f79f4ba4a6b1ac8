using Prometei.Fakes.Control;

namespace Prometei.Fakes.Hosting;

/// <summary>The vendor-specific part of the request pipeline: how it refuses, throttles and fails.</summary>
internal interface IVendorGate
{
    FakeVendor Vendor { get; }

    /// <summary>Refuses everything while the account is blocked (before any other check).</summary>
    Task<GateVerdict> CheckBlockedAsync(HttpContext context, string vendorPath, FaultSettings faults);

    /// <summary>The vendor's own rate limit and authentication.</summary>
    Task<GateVerdict> CheckAccessAsync(HttpContext context, string vendorPath, FaultSettings faults);

    /// <summary>Writes the vendor's 429.</summary>
    Task WriteTooManyRequestsAsync(HttpContext context);

    /// <summary>Writes the vendor's 5xx.</summary>
    Task WriteServerErrorAsync(HttpContext context, int status);
}
