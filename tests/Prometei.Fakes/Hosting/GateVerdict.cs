namespace Prometei.Fakes.Hosting;

/// <summary>Whether a vendor gate let a request through; when not, the answer is written and <see cref="Fault"/> names an injected cause.</summary>
internal readonly record struct GateVerdict(bool Passed, string? Fault)
{
    public static GateVerdict Pass => new(true, null);

    public static GateVerdict Refused(string? fault = null) => new(false, fault);
}
