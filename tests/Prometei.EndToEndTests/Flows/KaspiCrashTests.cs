extern alias fakes;

using System.Globalization;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// 500 Kaspi orders arriving in batches while the poll runs every 3 s, and the workflows node killed (SIGKILL) and restarted
/// several times: in the end each allowed order has exactly one lead, each customer one contact, and amoCRM was never
/// asked more than 7 times in a second.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class KaspiCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Batches = 5;
    private const int PerBatch = 100;

    [Fact]
    public async Task FiveHundredOrders_WorkflowsNodeKilledSeveralTimes_ExactlyOneLeadPerAllowedOrder_WithinTheRateLimit()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            definitionEdit: text => text.Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal));
        var control = system.Fakes.Control;
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Select(l => l.Id).ToHashSet();
        var contactsBefore = (await control.GetAmoCrmContactsAsync()).Select(c => c.Id).ToHashSet();
        var random = new Random(20261121);
        string[] aigerimPhones = ["7017654321", "+7 (701) 765-43-21", "87017654321"];
        var customers = Enumerable.Range(0, 40)
            .Select(i => new KaspiCustomer("Клиент" + i.ToString(CultureInfo.InvariantCulture), "Тестов", "747" + (1000000 + i).ToString(CultureInfo.InvariantCulture)))
            .ToList();

        var allowed = new Dictionary<string, (long Sum, string Phone)>(StringComparer.Ordinal);
        var notAllowed = new List<string>();
        string[] allowedStates = ["NEW", "NEW", "NEW", "PICKUP", "DELIVERY", "KASPI_DELIVERY", "SIGN_REQUIRED"];
        var lateCount = 0;

        async Task AddBatchAsync(int batch)
        {
            for (var i = 0; i < PerBatch; i++)
            {
                var n = batch * PerBatch + i;
                var code = (930000000 + n).ToString(CultureInfo.InvariantCulture);
                var now = DateTimeOffset.UtcNow;
                var isAigerim = n % 10 == 0;
                var customer = isAigerim ? new KaspiCustomer("Айгерим", "Садыкова", aigerimPhones[n / 10 % 3]) : customers[random.Next(customers.Count)];
                var state = n % 23 == 5 ? "ARCHIVE" : allowedStates[random.Next(allowedStates.Length)];
                var late = n % 17 == 3; // approved late: created ten minutes ago (inside the poll's 30-minute overlap), listed only a few seconds from now
                lateCount += late && state != "ARCHIVE" ? 1 : 0;
                var added = await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
                {
                    Code = code,
                    Customer = customer,
                    State = state,
                    CreationDate = late ? now.AddMinutes(-10) : now.AddSeconds(-random.Next(1, 30)),
                    VisibleFrom = late ? now.AddSeconds(random.Next(3, 15)) : null,
                });
                if (state == "ARCHIVE")
                {
                    notAllowed.Add(code);
                }
                else
                {
                    allowed[code] = ((long)added.TotalPrice, isAigerim ? "7017654321" : customer.CellPhone);
                }
            }
        }

        // Batches arrive while polling; after each of the first four the node is killed while the sync is under way: as soon
        // as amoCRM receives the batch's first lead write (the workflow's gateway call is then in flight), or after 8 s.
        var kills = new List<DateTimeOffset>();
        var killsDuringSync = 0;
        for (var batch = 0; batch < Batches; batch++)
        {
            var writesBefore = (await control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads", "POST")).Count;
            await AddBatchAsync(batch);
            if (batch < 4)
            {
                var started = DateTimeOffset.UtcNow;
                var syncing = false;
                while (!syncing && DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(8))
                {
                    syncing = (await control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads", "POST")).Count > writesBefore;
                    await Task.Delay(syncing ? TimeSpan.FromMilliseconds(100 * (batch % 2)) : TimeSpan.FromMilliseconds(50));
                }

                output.WriteLine($"batch {batch}: kill at {DateTimeOffset.UtcNow:HH:mm:ss.fff} (a lead write seen: {syncing})");
                kills.Add(DateTimeOffset.UtcNow);
                await system.RestartServerAsync();
                killsDuringSync += syncing ? 1 : 0;
            }
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => CodesWithLeads(await NewLeads()).Count >= allowed.Count, TimeSpan.FromSeconds(150), $"leads for all {allowed.Count} allowed orders");
        await system.Workflows.WaitForMoreFinishedAsync("kaspi-orders-to-amocrm", 2, TimeSpan.FromSeconds(60)); // nothing may be made twice

        var leads = await NewLeads();
        var byCode = leads.GroupBy(l => CodeOf(l.Name) ?? "?").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Empty(byCode.Where(g => g.Value.Count > 1).Select(g => $"{g.Key}×{g.Value.Count}"));
        var unexpected = byCode.Keys.Where(c => !allowed.ContainsKey(c)).ToList();
        var missing = allowed.Keys.Where(c => !byCode.ContainsKey(c)).ToList();
        Assert.Empty(unexpected);
        Assert.Empty(missing);
        Assert.Empty(allowed.Where(a => byCode[a.Key][0].Price != a.Value.Sum).Select(a => $"{a.Key}: {a.Value.Sum} ≠ {byCode[a.Key][0].Price}"));
        var notAllowedWithLeads = notAllowed.Where(byCode.ContainsKey).ToList();
        Assert.Empty(notAllowedWithLeads);
        Assert.Equal(4, kills.Count);

        // At least one kill cut a poll short, and the restarted node finished that instance.
        var polls = await system.Workflows.InstancesAsync("kaspi-orders-to-amocrm");
        var resumed = polls.Count(p => kills.Any(k => p.CreatedAt < k && p.FinishedAt > k));
        Assert.All(polls, p => Assert.Equal("Finished", p.SubStatus));
        Assert.True(resumed > 0, "no poll instance was running at a kill");
        foreach (var poll in polls)
        {
            output.WriteLine($"poll {poll.CreatedAt:HH:mm:ss.fff}-{poll.FinishedAt:HH:mm:ss.fff} {poll.SubStatus}");
        }

        Assert.True(lateCount > 0);

        // One contact per customer (Aigerim's three phone formats included), and no two contacts with one phone.
        var contactByPhone = allowed.GroupBy(a => a.Value.Phone)
            .ToDictionary(g => g.Key, g => g.Select(a => byCode[a.Key][0]).Select(l => l.MainContactId ?? l.ContactIds.Single()).Distinct().ToList());
        Assert.Empty(contactByPhone.Where(c => c.Value.Count != 1).Select(c => $"{c.Key}: {string.Join(",", c.Value)}"));
        Assert.Equal(contactByPhone.Count, contactByPhone.Values.Select(v => v[0]).Distinct().Count());
        var newContacts = (await control.GetAmoCrmContactsAsync()).Where(c => !contactsBefore.Contains(c.Id)).ToList();
        Assert.InRange(newContacts.Count, 0, contactByPhone.Count);
        var phones = (await control.GetAmoCrmContactsAsync()).SelectMany(c => c.Phones.Select(p => (Phone: Digits(p), c.Id))).Distinct().ToList();
        Assert.Empty(phones.GroupBy(p => p.Phone).Where(g => g.Count() > 1).Select(g => g.Key));

        // amoCRM: never more than 7 API requests in any sliding second, and never a 429.
        var api = (await control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4")).OrderBy(r => r.Time).ToList();
        Assert.Empty(api.Where(r => r.Status == 429).Select(r => $"{r.Method} {r.Path} at {r.Time:O}"));
        var busiest = 0;
        for (int i = 0, j = 0; i < api.Count; i++)
        {
            while (api[i].Time - api[j].Time >= TimeSpan.FromSeconds(1))
            {
                j++;
            }

            busiest = Math.Max(busiest, i - j + 1);
        }

        output.WriteLine($"{allowed.Count} allowed orders ({lateCount} approved late), {notAllowed.Count} not allowed; {kills.Count} kills, {killsDuringSync} during a sync's lead writes, {resumed} cut a poll short; busiest amoCRM second {busiest} requests");
        Assert.True(busiest <= 7, $"{busiest} amoCRM requests within one second");

        async Task<List<FakeAmoLead>> NewLeads() => (await control.GetAmoCrmLeadsAsync()).Where(l => !leadsBefore.Contains(l.Id)).ToList();
        static HashSet<string> CodesWithLeads(List<FakeAmoLead> leads) => leads.Select(l => CodeOf(l.Name)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        static string? CodeOf(string name) => name.Split(' ').FirstOrDefault(p => p.Length == 9 && p.All(char.IsAsciiDigit));
        static string Digits(string phone)
        {
            var d = new string(phone.Where(char.IsAsciiDigit).ToArray());
            return d.Length == 11 && d[0] == '8' ? "7" + d[1..] : d.Length == 10 ? "7" + d : d;
        }
    }
}
