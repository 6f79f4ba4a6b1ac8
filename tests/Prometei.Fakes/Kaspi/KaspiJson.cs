using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.Kaspi;

/// <summary>Kaspi's JSON:API shapes (contract §2, §5, §6, §10, §11).</summary>
internal static class KaspiJson
{
    public const string MediaType = "application/vnd.api+json";

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FakeVendorPaths.KaspiApiBase}";

    public static JsonObject Order(FakeKaspiOrder order, string baseUrl, bool withCustomer)
    {
        var attributes = new JsonObject
        {
            ["code"] = order.Code,
            ["totalPrice"] = Money(order.TotalPrice),
            ["paymentMode"] = order.PaymentMode,
            ["creditTerm"] = order.CreditTerm,
            ["creationDate"] = order.CreationDate.ToUnixTimeMilliseconds(),
            ["approvedByBankDate"] = order.ApprovedByBankDate?.ToUnixTimeMilliseconds(),
            ["plannedDeliveryDate"] = order.PlannedDeliveryDate?.ToUnixTimeMilliseconds(),
            ["reservationDate"] = order.ReservationDate?.ToUnixTimeMilliseconds(),
            ["deliveryCostForSeller"] = Money(order.DeliveryCostForSeller),
            ["deliveryCost"] = Money(order.DeliveryCost),
            ["isKaspiDelivery"] = order.IsKaspiDelivery,
            ["deliveryMode"] = order.DeliveryMode,
            ["signatureRequired"] = order.SignatureRequired,
            ["preOrder"] = order.PreOrder,
            ["pickupPointId"] = order.PickupPointId,
            ["state"] = order.State,
            ["status"] = order.Status,
        };
        if (order.CancellationReason is not null)
        {
            attributes["cancellationReason"] = order.CancellationReason;
        }

        if (withCustomer)
        {
            attributes["customer"] = new JsonObject
            {
                ["id"] = order.Customer.Id,
                ["name"] = order.Customer.Name,
                ["cellPhone"] = order.Customer.CellPhone,
                ["firstName"] = order.Customer.FirstName,
                ["lastName"] = order.Customer.LastName,
            };
        }

        if (order.DeliveryAddress is { } address)
        {
            attributes["deliveryAddress"] = new JsonObject
            {
                ["streetName"] = address.StreetName,
                ["streetNumber"] = address.StreetNumber,
                ["town"] = address.Town,
                ["district"] = address.District,
                ["building"] = address.Building,
                ["apartment"] = address.Apartment,
                ["formattedAddress"] = address.FormattedAddress,
                ["latitude"] = address.Latitude,
                ["longitude"] = address.Longitude,
            };
        }

        var self = $"{baseUrl}/orders/{order.Id}";
        return new JsonObject
        {
            ["type"] = "orders",
            ["id"] = order.Id,
            ["attributes"] = attributes,
            ["relationships"] = new JsonObject
            {
                ["entries"] = new JsonObject { ["links"] = RelationshipLinks(self, "entries") },
                ["user"] = new JsonObject
                {
                    ["links"] = RelationshipLinks(self, "user"),
                    ["data"] = new JsonObject { ["type"] = "customers", ["id"] = order.Customer.Id },
                },
            },
            ["links"] = new JsonObject { ["self"] = self },
        };
    }

    public static JsonObject Customer(KaspiCustomer customer) => new()
    {
        ["type"] = "customers",
        ["id"] = customer.Id,
        ["attributes"] = new JsonObject
        {
            ["name"] = customer.Name,
            ["cellPhone"] = customer.CellPhone,
            ["firstName"] = customer.FirstName,
            ["lastName"] = customer.LastName,
        },
    };

    public static JsonObject Entry(FakeKaspiEntry entry, string baseUrl)
    {
        var self = $"{baseUrl}/orderentries/{entry.Id}";
        return new JsonObject
        {
            ["type"] = "orderentries",
            ["id"] = entry.Id,
            ["attributes"] = new JsonObject
            {
                ["entryNumber"] = entry.EntryNumber,
                ["unitType"] = entry.UnitType,
                ["quantity"] = entry.Quantity,
                ["basePrice"] = Money(entry.BasePrice),
                ["totalPrice"] = Money(entry.TotalPrice),
                ["weight"] = 0.0m,
                ["deliveryCost"] = 0.0m,
                ["category"] = new JsonObject { ["code"] = entry.CategoryCode, ["title"] = entry.CategoryTitle },
                ["offer"] = new JsonObject { ["code"] = entry.OfferCode, ["name"] = entry.OfferName },
                ["isImeiRequired"] = entry.IsImeiRequired,
            },
            ["relationships"] = new JsonObject
            {
                ["product"] = new JsonObject
                {
                    ["links"] = RelationshipLinks(self, "product"),
                    ["data"] = new JsonObject { ["type"] = "masterproducts", ["id"] = entry.ProductId },
                },
                ["deliveryPointOfService"] = new JsonObject
                {
                    ["links"] = RelationshipLinks(self, "deliveryPointOfService"),
                    ["data"] = new JsonObject { ["type"] = "pointofservices", ["id"] = "TWVyY2hhbnRfMDAwMDEyMzQ" },
                },
            },
            ["links"] = new JsonObject { ["self"] = self },
        };
    }

    /// <summary>JSON:API errors (exact Kaspi bodies are unconfirmed; the guide shows <c>errors[].title</c>, sometimes <c>detail</c>).</summary>
    public static VendorResult Error(int status, string title, string detail) => VendorResult.Json(status, new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
            ["title"] = title,
            ["detail"] = detail,
        }),
    }, MediaType);

    public static VendorResult BadRequest(string detail) => Error(400, "Bad Request", detail);

    /// <summary>Money as Kaspi sends it: a JSON number with a fraction part (<c>184990.0</c>).</summary>
    public static decimal Money(decimal value) => value.Scale == 0 ? value + 0.0m : value;

    private static JsonObject RelationshipLinks(string self, string name) => new()
    {
        ["self"] = $"{self}/relationships/{name}",
        ["related"] = $"{self}/{name}",
    };
}
