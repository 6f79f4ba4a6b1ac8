using Prometei.Fakes.AmoCrm;
using Prometei.Fakes.Control;
using Prometei.Fakes.Kaspi;

namespace Prometei.Fakes.Sandbox;

/// <summary>
/// Sandbox mode: Kaspi orders appear now and then (some from returning customers, phones in 10 or 11 digits), NEW
/// orders get accepted after a while, and leads created through the amoCRM API move to "Передать в ERP" with a status
/// webhook, so a new user sees every flow run without credentials.
/// </summary>
internal sealed partial class SandboxService(
    FakeVendorsOptions options, KaspiMerchant merchant, AmoCrmAccount account, AmoCrmWebhooks webhooks, ILogger<SandboxService> logger) : BackgroundService
{
    private static readonly KaspiDeliveryAddress[] s_addresses =
    [
        new("проспект Абая", "150", "г. Алматы", null, null, "24", "г. Алматы, проспект Абая, 150, кв. 24", 43.2389, 76.8897),
        new("улица Сыганак", "29", "г. Астана", null, null, "112", "г. Астана, улица Сыганак, 29, кв. 112", 51.1282, 71.4304),
        new("улица Тауке хана", "52", "г. Шымкент", null, null, null, "г. Шымкент, улица Тауке хана, 52", 42.3417, 69.5901),
        new("микрорайон Самал-2", "58", "г. Алматы", "Медеуский", null, "7", "г. Алматы, мкр. Самал-2, 58, кв. 7", 43.2335, 76.9540),
    ];

    private readonly List<KaspiCustomer> _customers = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Sandbox)
        {
            return;
        }

        var time = options.TimeProvider;
        var sandbox = options.SandboxOrders;
        var random = new Random(options.Seed ?? Environment.TickCount);
        var now = time.GetUtcNow();
        for (var i = 0; i < sandbox.InitialOrders; i++)
        {
            AddOrder(random, now.AddMinutes(-random.Next(1, 60)));
        }

        var next = now + Interval(random, sandbox);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                now = time.GetUtcNow();
                if (now >= next)
                {
                    AddOrder(random, now);
                    next = now + Interval(random, sandbox);
                }

                AcceptOrders(now, sandbox.AcceptOrdersAfter);
                AdvanceLeads(now, sandbox);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void AddOrder(Random random, DateTimeOffset created)
    {
        var sandbox = options.SandboxOrders;
        KaspiCustomer customer;
        if (_customers.Count > 0 && random.NextDouble() < sandbox.RepeatCustomerRate)
        {
            customer = _customers[random.Next(_customers.Count)];
        }
        else
        {
            customer = KaspiOrderFactory.Customer(random);
            _customers.Add(customer);
        }

        if (random.NextDouble() < sandbox.ElevenDigitPhoneRate)
        {
            customer = customer with { CellPhone = "7" + customer.CellPhone };
        }

        var (mode, kaspiDelivery) = random.Next(4) switch
        {
            0 => ("DELIVERY_LOCAL", false),
            1 => ("DELIVERY_REGIONAL_TODOOR", true),
            _ => ("DELIVERY_PICKUP", random.Next(3) == 0),
        };
        var credit = random.Next(10) < 3;
        var order = merchant.Add(new NewFakeKaspiOrder
        {
            CreationDate = created,
            ApprovedByBankDate = created.AddSeconds(credit ? random.Next(60, 900) : random.Next(1, 30)),
            VisibleFrom = created,
            Customer = customer,
            Entries = KaspiOrderFactory.Entries(random),
            PaymentMode = credit ? "PAY_WITH_CREDIT" : "PREPAID",
            CreditTerm = credit ? new[] { 3, 6, 12, 24 }[random.Next(4)] : 0,
            DeliveryMode = mode,
            IsKaspiDelivery = kaspiDelivery,
            DeliveryCostForSeller = kaspiDelivery ? 1490m : 0m,
            DeliveryAddress = mode == "DELIVERY_PICKUP" ? null : s_addresses[random.Next(s_addresses.Length)],
        }, out _);
        if (order is not null)
        {
            LogOrderAppeared(logger, order.Code, order.Entries.Count, order.TotalPrice);
        }
    }

    private void AcceptOrders(DateTimeOffset now, TimeSpan after) =>
        merchant.Update(o => o.State != "NEW" || now - o.VisibleFrom < after
            ? o
            : o with
            {
                Status = "ACCEPTED_BY_MERCHANT",
                State = o.DeliveryMode switch
                {
                    "DELIVERY_LOCAL" => "DELIVERY",
                    "DELIVERY_PICKUP" when !o.IsKaspiDelivery => "PICKUP",
                    _ => "KASPI_DELIVERY",
                },
            });

    private void AdvanceLeads(DateTimeOffset now, SandboxOptions sandbox)
    {
        lock (account.Sync)
        {
            var due = account.Leads.Values
                .Where(l => l.CreatedVia is "leads" or "complex"
                    && l.StatusId == l.InitialStatusId
                    && l.StatusId != sandbox.AdvanceLeadsToStatusId
                    && now.ToUnixTimeSeconds() - l.CreatedAt >= (long)sandbox.AdvanceLeadsAfter.TotalSeconds
                    && account.FindStatus(l.PipelineId, sandbox.AdvanceLeadsToStatusId) is not null)
                .ToList();
            foreach (var lead in due)
            {
                var oldStatus = lead.StatusId;
                lead.StatusId = sandbox.AdvanceLeadsToStatusId;
                lead.UpdatedAt = account.Now;
                lead.UpdatedBy = AmoCrmSeedIds.ManagerUserId;
                webhooks.StatusChanged(lead, oldStatus, lead.PipelineId);
                LogLeadAdvanced(logger, lead.Id, lead.StatusId);
            }
        }
    }

    private static TimeSpan Interval(Random random, SandboxOptions sandbox)
    {
        var min = sandbox.MinInterval.TotalMilliseconds;
        var max = Math.Max(min, sandbox.MaxInterval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(min + (random.NextDouble() * (max - min)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: Kaspi order {Code} appeared ({Entries} lines, {Total} KZT)")]
    private static partial void LogOrderAppeared(ILogger logger, string code, int entries, decimal total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: amoCRM lead {LeadId} moved to status {StatusId}")]
    private static partial void LogLeadAdvanced(ILogger logger, long leadId, long statusId);
}
