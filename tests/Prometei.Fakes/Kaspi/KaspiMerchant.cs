using Prometei.Fakes.Control;

namespace Prometei.Fakes.Kaspi;

/// <summary>The fake merchant's orders. Orders are immutable records; a state change replaces one. Thread-safe.</summary>
internal sealed class KaspiMerchant(FakeVendorsOptions options)
{
    private readonly Lock _lock = new();
    private readonly List<FakeKaspiOrder> _orders = [];
    private Random _random = new(options.Seed ?? Environment.TickCount);
    private volatile KaspiBehavior _behavior = options.Kaspi.Behavior;

    public KaspiBehavior Behavior
    {
        get => _behavior;
        set => _behavior = value;
    }

    public TimeProvider Time => options.TimeProvider;

    public void Reset()
    {
        lock (_lock)
        {
            _orders.Clear();
            _random = new Random(options.Seed ?? Environment.TickCount);
            _behavior = options.Kaspi.Behavior;
        }
    }

    /// <summary>Adds an order, filling every missing value. Returns null and an error for an invalid request.</summary>
    public FakeKaspiOrder? Add(NewFakeKaspiOrder request, out string? error)
    {
        error = Validate(request);
        if (error is not null)
        {
            return null;
        }

        lock (_lock)
        {
            var code = request.Code ?? NewCode();
            if (_orders.Any(o => o.Code == code))
            {
                error = $"An order with code {code} exists.";
                return null;
            }

            var now = Time.GetUtcNow();
            var creation = request.CreationDate ?? now;
            var customer = request.Customer ?? KaspiOrderFactory.Customer(_random);
            customer = customer with { Id = customer.Id ?? KaspiOrderFactory.CustomerId(customer.CellPhone) };
            var entries = (request.Entries is { Count: > 0 } given ? given : KaspiOrderFactory.Entries(_random))
                .Select((e, i) => new FakeKaspiEntry(
                    KaspiOrderFactory.EntryId(code, i),
                    i,
                    e.OfferCode,
                    e.OfferName,
                    e.Quantity,
                    e.BasePrice,
                    e.TotalPrice ?? (e.BasePrice * e.Quantity),
                    e.CategoryCode,
                    e.CategoryTitle,
                    e.UnitType,
                    e.IsImeiRequired,
                    KaspiOrderFactory.ProductId(e.OfferCode)))
                .ToList();
            var order = new FakeKaspiOrder(
                KaspiOrderFactory.OrderId(code),
                code,
                request.State,
                request.Status,
                creation,
                request.ApprovedByBankDate ?? creation.AddSeconds(2),
                creation.AddDays(2),
                creation.AddDays(3),
                request.TotalPrice ?? entries.Sum(e => e.TotalPrice),
                request.PaymentMode,
                request.CreditTerm,
                request.DeliveryMode,
                request.IsKaspiDelivery,
                request.DeliveryCost,
                request.DeliveryCostForSeller,
                request.SignatureRequired,
                request.PreOrder,
                request.PickupPointId,
                request.CancellationReason,
                customer,
                request.DeliveryAddress,
                entries,
                request.VisibleFrom ?? now);
            _orders.Add(order);
            return order;
        }
    }

    public FakeKaspiOrder? ChangeState(string code, KaspiStateChange change, out string? error)
    {
        error = !KaspiVocabulary.States.Contains(change.State) ? $"Unknown state {change.State}."
            : !KaspiVocabulary.Statuses.Contains(change.Status) ? $"Unknown status {change.Status}."
            : null;
        if (error is not null)
        {
            return null;
        }

        lock (_lock)
        {
            var index = _orders.FindIndex(o => o.Code == code);
            if (index < 0)
            {
                error = $"No order with code {code}.";
                return null;
            }

            var order = _orders[index] with
            {
                State = change.State,
                Status = change.Status,
                CancellationReason = change.CancellationReason ?? _orders[index].CancellationReason,
            };
            _orders[index] = order;
            return order;
        }
    }

    public IReadOnlyList<FakeKaspiOrder> All()
    {
        lock (_lock)
        {
            return _orders.ToList();
        }
    }

    /// <summary>Orders the vendor API shows now (added and past their <see cref="FakeKaspiOrder.VisibleFrom"/>).</summary>
    public IReadOnlyList<FakeKaspiOrder> Visible()
    {
        var now = Time.GetUtcNow();
        lock (_lock)
        {
            return _orders.Where(o => o.VisibleFrom <= now).ToList();
        }
    }

    /// <summary>Runs a change over every order under the lock (the sandbox accepts orders this way).</summary>
    public void Update(Func<FakeKaspiOrder, FakeKaspiOrder> change)
    {
        lock (_lock)
        {
            for (var i = 0; i < _orders.Count; i++)
            {
                _orders[i] = change(_orders[i]);
            }
        }
    }

    public T WithRandom<T>(Func<Random, T> use)
    {
        lock (_lock)
        {
            return use(_random);
        }
    }

    private string NewCode()
    {
        string code;
        do
        {
            code = KaspiOrderFactory.Code(_random);
        }
        while (_orders.Any(o => o.Code == code));

        return code;
    }

    private static string? Validate(NewFakeKaspiOrder request) =>
        !KaspiVocabulary.States.Contains(request.State) ? $"Unknown state {request.State}."
        : !KaspiVocabulary.Statuses.Contains(request.Status) ? $"Unknown status {request.Status}."
        : !KaspiVocabulary.DeliveryModes.Contains(request.DeliveryMode) ? $"Unknown delivery mode {request.DeliveryMode}."
        : request.Entries?.Any(e => e.Quantity < 1 || e.BasePrice < 0) == true ? "Entries need a positive quantity and a price."
        : request.Code is { } code && (code.Length == 0 || !code.All(char.IsAsciiDigit)) ? "An order code is digits."
        : null;
}
