using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class AmoCrmContactsTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task A_search_without_hits_answers_204_with_an_empty_body()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var response = await http.GetAsync("api/v4/contacts?query=79990000000");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_phone_search_is_fuzzy_and_finds_digits_in_other_fields()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        var lastTen = await SearchAsync(http, "7071234567");
        var international = await SearchAsync(http, "+77071234567");
        var national = await SearchAsync(http, "87071234567");

        // Айгерим has the phone; Даурен only has the digits inside his ИИН 870712345678: taking the first hit is wrong,
        // and the 8-prefixed spelling finds only him.
        Assert.Equal([AmoCrmSeedIds.AigerimContactId, AmoCrmSeedIds.DaurenContactId], lastTen);
        Assert.Equal([AmoCrmSeedIds.AigerimContactId], international);
        Assert.Equal([AmoCrmSeedIds.DaurenContactId], national);
    }

    [Fact]
    public async Task The_last_ten_digits_find_a_phone_stored_with_formatting()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        Assert.Equal([AmoCrmSeedIds.ErlanContactId], await SearchAsync(http, "7017654321"));
        Assert.Equal([AmoCrmSeedIds.AigerimContactId, AmoCrmSeedIds.DaurenContactId, AmoCrmSeedIds.AliyaContactId], await SearchAsync(http, "707123456"));
        Assert.Equal([AmoCrmSeedIds.AigerimContactId, AmoCrmSeedIds.AliyaContactId], await SearchAsync(http, "сапаров"));
    }

    [Fact]
    public async Task A_created_contact_reads_back_with_its_phone_enum()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var created = await http.PostAsJsonAsync("api/v4/contacts", new[]
        {
            new
            {
                first_name = "Нурлан",
                last_name = "Жаксылыков",
                request_id = "kaspi-1",
                custom_fields_values = new[] { new { field_code = "PHONE", values = new[] { new { value = "+77771112233", enum_code = "MOB" } } } },
            },
        });
        var item = (await created.JsonAsync())["_embedded"]!["contacts"]![0]!;
        var id = item["id"]!.GetValue<long>();
        using var read = await http.GetAsync($"api/v4/contacts/{id}");
        var contact = await read.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("kaspi-1", item["request_id"]!.GetValue<string>());
        Assert.Equal("Нурлан Жаксылыков", contact["name"]!.GetValue<string>());
        var phone = contact["custom_fields_values"]![0]!;
        Assert.Equal("PHONE", phone["field_code"]!.GetValue<string>());
        Assert.Equal("+77771112233", phone["values"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("MOB", phone["values"]![0]!["enum_code"]!.GetValue<string>());
        Assert.Equal([id], await SearchAsync(http, "7771112233"));
    }

    [Fact]
    public async Task Lists_filter_by_updated_at_order_and_page_until_no_next_link()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5;
        for (var i = 0; i < 3; i++)
        {
            await fakes.Control.AddAmoCrmContactAsync(new NewFakeAmoContact { FirstName = $"Контакт {i}", Phones = [$"+7700000000{i}"] });
        }

        using var page1 = await http.GetAsync($"api/v4/contacts?filter[updated_at][from]={since}&order[id]=desc&limit=2");
        var body1 = await page1.JsonAsync();
        using var page2 = await http.GetAsync(body1["_links"]!["next"]!["href"]!.GetValue<string>());
        var body2 = await page2.JsonAsync();
        using var page3 = await http.GetAsync($"api/v4/contacts?filter[updated_at][from]={since}&limit=2&page=3");

        var ids1 = body1["_embedded"]!["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()).ToList();
        var ids2 = body2["_embedded"]!["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(2, ids1.Count);
        Assert.True(ids1[0] > ids1[1]);
        Assert.Single(ids2);
        Assert.Equal(2, body2["_page"]!.GetValue<int>());
        Assert.Null(body2["_links"]!["next"]);
        Assert.Equal(HttpStatusCode.NoContent, page3.StatusCode);
    }

    [Fact]
    public async Task A_new_contact_can_stay_out_of_search_for_a_while_when_switched()
    {
        var (fakes, clock) = await StartOnFakeClockAsync();
        await using var _ = fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { ContactSearchIndexDelay = TimeSpan.FromMilliseconds(500) });
        using var http = await fakes.ConnectedAmoCrmAsync();
        using var created = await http.PostAsJsonAsync("api/v4/contacts", new[] { new { name = "Санжар Исмаилов" } });

        var before = await SearchAsync(http, "Исмаилов");
        clock.Advance(TimeSpan.FromMilliseconds(499));
        var almost = await SearchAsync(http, "Исмаилов");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await SearchAsync(http, "Исмаилов");

        Assert.Empty(before);
        Assert.Empty(almost);
        Assert.Single(after);
    }

    [Fact]
    public async Task An_unknown_contact_is_204_or_404_as_switched()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var byDefault = await http.GetAsync("api/v4/contacts/999");
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { MissingEntityStatus = 404 });
        using var switched = await http.GetAsync("api/v4/contacts/999");

        Assert.Equal(HttpStatusCode.NoContent, byDefault.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, switched.StatusCode);
    }

    [Fact]
    public async Task Contact_custom_fields_list_the_phone_field_with_its_enums()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var response = await http.GetAsync("api/v4/contacts/custom_fields");
        var body = await response.JsonAsync();
        var phone = body["_embedded"]!["custom_fields"]!.AsArray().Single(f => f!["code"]?.GetValue<string>() == "PHONE")!;

        Assert.Equal(AmoCrmSeedIds.PhoneFieldId, phone["id"]!.GetValue<long>());
        Assert.Equal("multitext", phone["type"]!.GetValue<string>());
        Assert.Contains(phone["enums"]!.AsArray(), e => e!["value"]!.GetValue<string>() == "MOB");
        Assert.Contains(phone["enums"]!.AsArray(), e => e!["value"]!.GetValue<string>() == "WORK");
    }

    private static async Task<List<long>> SearchAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync($"api/v4/contacts?query={Uri.EscapeDataString(query)}");
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["_embedded"]!["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()).ToList();
    }
}
