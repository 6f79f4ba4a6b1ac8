namespace Prometei.Fakes;

/// <summary>The three vendors the fakes stand in for. Each is served under its own path prefix.</summary>
public enum FakeVendor
{
    /// <summary>amoCRM API v4 and OAuth, under <c>/amocrm</c>.</summary>
    AmoCrm,

    /// <summary>Kaspi.kz Shop API v2, under <c>/kaspi</c> (base URL <c>/kaspi/shop/api/v2</c>).</summary>
    Kaspi,

    /// <summary>The ERP's task and deal API (ours to define), under <c>/erp</c>.</summary>
    Erp,
}
