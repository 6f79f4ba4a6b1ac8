using System.Text.Json.Nodes;
using Prometei.Workflows.Activities.Integration;

namespace Prometei.Workflows.UnitTests.Integration;

public sealed class GetAmoCrmLeadTests
{
    [Fact]
    public void WithoutCustomerData_KeepsTheLeadsOwnFields_AndContactsAsIdsOnly()
    {
        var lead = JsonNode.Parse("""
            {
              "id": 24681357, "name": "Заказ Kaspi 930000001", "price": 15990, "statusId": 142, "pipelineId": 7001,
              "responsibleUserId": 5001, "createdAt": 1732100000, "updatedAt": 1732100300, "closedAt": null, "tags": ["kaspi"],
              "customFields": [{ "fieldId": 9, "values": ["ул. Абая 1"] }],
              "contacts": [
                { "id": 40123456, "isMain": true, "name": "Айгерим Садыкова", "phones": ["+77017654321"], "emails": ["a@example.kz"] },
                { "id": 40123457, "isMain": false, "name": "Ерлан", "phones": ["87017654300"], "emails": [] }
              ]
            }
            """)!.AsObject();

        var kept = GetAmoCrmLead.WithoutCustomerData(lead);

        Assert.Equal(
            JsonNode.Parse("""
                {
                  "id": 24681357, "name": "Заказ Kaspi 930000001", "price": 15990, "statusId": 142, "pipelineId": 7001,
                  "responsibleUserId": 5001, "createdAt": 1732100000, "updatedAt": 1732100300, "closedAt": null, "tags": ["kaspi"],
                  "contacts": [{ "id": 40123456, "isMain": true }, { "id": 40123457, "isMain": false }]
                }
                """)!.ToJsonString(),
            kept.ToJsonString());
        var text = kept.ToJsonString();
        Assert.DoesNotContain("7017654321", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Айгерим", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.kz", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Абая", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutCustomerData_OfNothing_IsAnEmptyLead() =>
        Assert.Equal("""{"contacts":[]}""", GetAmoCrmLead.WithoutCustomerData(null).ToJsonString());
}
