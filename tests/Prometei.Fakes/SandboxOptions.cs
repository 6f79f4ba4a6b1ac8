namespace Prometei.Fakes;

/// <summary>What sandbox mode produces (<c>Fakes:SandboxOrders</c>).</summary>
public sealed class SandboxOptions
{
    /// <summary>Shortest pause between two new Kaspi orders.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest pause between two new Kaspi orders.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Orders created at start, dated within the last hour, so the first poll finds something.</summary>
    public int InitialOrders { get; set; } = 3;

    /// <summary>Share of orders placed by a customer who ordered before (same person, same phone).</summary>
    public double RepeatCustomerRate { get; set; } = 0.3;

    /// <summary>Share of orders whose <c>cellPhone</c> has 11 digits (<c>7…</c>) instead of Kaspi's documented 10.</summary>
    public double ElevenDigitPhoneRate { get; set; } = 0.1;

    /// <summary>A NEW order is accepted (moves to PICKUP/DELIVERY/KASPI_DELIVERY) this long after it appeared.</summary>
    public TimeSpan AcceptOrdersAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A lead created through the API moves to <see cref="AdvanceLeadsToStatusId"/> this long after creation (with a webhook).</summary>
    public TimeSpan AdvanceLeadsAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The status that sandbox leads move to; default "Передать в ERP".</summary>
    public long AdvanceLeadsToStatusId { get; set; } = Control.AmoCrmSeedIds.SendToErpStatusId;
}
