using System.Text.Json.Nodes;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

public sealed class ReaderTests
{
    [Fact]
    public void KaspiOrderPage_ReadsOrdersMoneyAndPaging()
    {
        var page = KaspiReader.OrderPage(JsonNode.Parse("""
            {"data":[{"type":"orders","id":"Nzg1","attributes":{"code":"785512309","totalPrice":184990.0,"creationDate":1732097650123,
              "state":"NEW","status":"APPROVED_BY_BANK","customer":{"id":"x","name":null,"cellPhone":"7071234567","firstName":"Айгерим","lastName":"Сапарова"}}}],
             "included":[],"meta":{"pageCount":3,"totalCount":250}}
            """)!);

        var order = Assert.Single(page.Orders);
        Assert.Equal(3, page.PageCount);
        Assert.Equal(250, page.TotalCount);
        Assert.Equal("785512309", order.Code);
        Assert.Equal("Nzg1", order.Id);
        Assert.Equal(184990m, order.TotalPrice);
        Assert.Equal(1732097650123, order.CreationDate);
        Assert.Equal("7071234567", order.Customer!.CellPhone);
        Assert.Null(order.Entries);
    }

    [Fact]
    public void KaspiOrder_CustomerOnlyInIncluded_IsFound()
    {
        var page = KaspiReader.OrderPage(JsonNode.Parse("""
            {"data":[{"type":"orders","id":"A","attributes":{"code":"1","totalPrice":10,"creationDate":1},
              "relationships":{"user":{"data":{"type":"customers","id":"C1"}}}}],
             "included":[{"type":"customers","id":"C1","attributes":{"cellPhone":"7017654321","firstName":"Ерлан","lastName":"Ахметов"}}],
             "meta":{"pageCount":1,"totalCount":1}}
            """)!);

        Assert.Equal("7017654321", page.Orders[0].Customer!.CellPhone);
    }

    [Fact]
    public void KaspiEntries_ReadOfferQuantityAndPrices()
    {
        var entries = KaspiReader.Entries(JsonNode.Parse("""
            {"data":[{"type":"orderentries","id":"e","attributes":{"quantity":2,"basePrice":2500.0,"totalPrice":5000.0,"offer":{"code":"SKU","name":"Чехол"}}}]}
            """)!);

        Assert.Equal(new Prometei.Api.Integrations.Kaspi.Models.KaspiEntry("SKU", "Чехол", 2, 2500m, 5000m), Assert.Single(entries));
    }

    [Fact]
    public void AmoContact_PhonesComeFromThePhoneFieldOnly()
    {
        var contact = AmoCrmReader.Contact(JsonNode.Parse("""
            {"id":40123458,"name":"Даурен","updated_at":5,"custom_fields_values":[
              {"field_id":1,"field_code":"PHONE","values":[{"value":"7021234567","enum_code":"MOB"}]},
              {"field_id":2,"field_code":null,"field_name":"ИИН","values":[{"value":"870712345678"}]},
              {"field_id":3,"field_code":"EMAIL","values":[{"value":"d@example.kz"}]}]}
            """)!);

        Assert.Equal(["7021234567"], contact.Phones);
        Assert.Equal(["d@example.kz"], contact.Emails);
        Assert.Equal(5, contact.UpdatedAt);
    }

    [Fact]
    public void AmoLead_NullCustomFieldsAndEmbeddedContacts_AreRead()
    {
        var lead = AmoCrmReader.Lead(JsonNode.Parse("""
            {"id":7,"name":"L","price":100,"status_id":1,"pipeline_id":2,"custom_fields_values":null,
             "_embedded":{"tags":[{"id":1,"name":"Kaspi"}],"contacts":[{"id":9,"is_main":true}]}}
            """)!);

        Assert.Empty(lead.CustomFields);
        Assert.Equal(9, Assert.Single(lead.Contacts).Id);
        Assert.True(lead.Contacts[0].IsMain);
        Assert.Equal(["Kaspi"], lead.Tags);
    }

    [Fact]
    public void JwtExpiry_ReadsTheExpClaim()
    {
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = $"{Part("""{"alg":"RS256"}""")}.{Part("""{"exp":1732184050,"api_domain":"api-b.amocrm.ru"}""")}.sig";
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732184050), JwtExpiry.Read(token));
        Assert.Null(JwtExpiry.Read("not-a-jwt"));
    }
}
