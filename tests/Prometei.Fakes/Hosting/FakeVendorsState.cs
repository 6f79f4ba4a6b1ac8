using Prometei.Fakes.AmoCrm;
using Prometei.Fakes.Control;
using Prometei.Fakes.Erp;
using Prometei.Fakes.Faults;
using Prometei.Fakes.Kaspi;
using Prometei.Fakes.Recording;

namespace Prometei.Fakes.Hosting;

/// <summary>Everything the fakes hold, and the reset that puts it back to the seeded start.</summary>
internal sealed class FakeVendorsState
{
    private readonly Dictionary<FakeVendor, VendorRuntime> _vendors;
    private readonly AmoCrmAccount _amoCrm;
    private readonly AmoCrmTokenStore _tokens;
    private readonly AmoCrmRateLimiter _limiter;
    private readonly KaspiMerchant _kaspi;
    private readonly ErpLedger _erp;
    private long _sequence;

    public FakeVendorsState(
        FakeVendorsOptions options, AmoCrmAccount amoCrm, AmoCrmTokenStore tokens, AmoCrmRateLimiter limiter, KaspiMerchant kaspi, ErpLedger erp)
    {
        Options = options;
        _amoCrm = amoCrm;
        _tokens = tokens;
        _limiter = limiter;
        _kaspi = kaspi;
        _erp = erp;
        _vendors = Enum.GetValues<FakeVendor>().ToDictionary(
            v => v,
            v => new VendorRuntime(v, new VendorFaults(options.TimeProvider, options.Seed + (int)v), new RequestJournal(options.MaxRecordedRequests)));
        Reset();
    }

    public FakeVendorsOptions Options { get; }

    public TimeProvider Time => Options.TimeProvider;

    public VendorRuntime For(FakeVendor vendor) => _vendors[vendor];

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Sets a vendor's faults. For amoCRM, turning on a revoked token revokes every token issued so far for good.</summary>
    public void SetFaults(FakeVendor vendor, FaultSettings faults)
    {
        _vendors[vendor].Faults.Set(faults);
        if (vendor == FakeVendor.AmoCrm)
        {
            if (faults.RevokedToken)
            {
                _tokens.RevokeAll();
            }

            if (!faults.AccountBlocked)
            {
                _limiter.Reset();
            }
        }
    }

    public void Reset()
    {
        foreach (var runtime in _vendors.Values)
        {
            runtime.Faults.Set(new FaultSettings());
            runtime.Journal.Clear();
        }

        _amoCrm.Reset();
        _tokens.Reset();
        _limiter.Reset();
        _kaspi.Reset();
        _erp.Reset();
    }
}
