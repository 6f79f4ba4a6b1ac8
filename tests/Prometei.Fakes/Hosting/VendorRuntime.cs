using Prometei.Fakes.Faults;
using Prometei.Fakes.Recording;

namespace Prometei.Fakes.Hosting;

/// <summary>The faults and the request journal of one vendor.</summary>
internal sealed class VendorRuntime(FakeVendor vendor, VendorFaults faults, RequestJournal journal)
{
    public FakeVendor Vendor { get; } = vendor;

    public VendorFaults Faults { get; } = faults;

    public RequestJournal Journal { get; } = journal;
}
