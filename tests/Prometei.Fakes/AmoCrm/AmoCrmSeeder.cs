using Prometei.Fakes.Control;
using static Prometei.Fakes.Control.AmoCrmSeedIds;

namespace Prometei.Fakes.AmoCrm;

/// <summary>The small account the fake starts with (ids in <see cref="AmoCrmSeedIds"/>).</summary>
internal static class AmoCrmSeeder
{
    public static IReadOnlyList<AmoPipeline> Pipelines() =>
    [
        new(KaspiPipelineId, "Kaspi заказы", 1, IsMain: true, IsUnsortedOn: true,
        [
            new(KaspiUnsortedStatusId, "Неразобранное", 10, false, KaspiPipelineId, "#c1c1c1", 1),
            new(NewOrderStatusId, "Новый заказ", 20, true, KaspiPipelineId, "#99ccff", 0),
            new(ConfirmedStatusId, "Подтверждён", 30, true, KaspiPipelineId, "#ffff99", 0),
            new(SendToErpStatusId, "Передать в ERP", 40, true, KaspiPipelineId, "#ffcc66", 0),
            new(ShippedStatusId, "Отгружен", 50, true, KaspiPipelineId, "#deff81", 0),
            new(WonStatusId, "Успешно реализовано", 10000, false, KaspiPipelineId, "#CCFF66", 0),
            new(LostStatusId, "Закрыто и не реализовано", 11000, false, KaspiPipelineId, "#D5D8DB", 0),
        ]),
        new(WholesalePipelineId, "Опт", 2, IsMain: false, IsUnsortedOn: true,
        [
            new(WholesaleUnsortedStatusId, "Неразобранное", 10, false, WholesalePipelineId, "#c1c1c1", 1),
            new(WholesaleFirstStatusId, "Первичный контакт", 20, true, WholesalePipelineId, "#99ccff", 0),
            new(WholesaleNegotiationStatusId, "Переговоры", 30, true, WholesalePipelineId, "#ffff99", 0),
            new(WonStatusId, "Успешно реализовано", 10000, false, WholesalePipelineId, "#CCFF66", 0),
            new(LostStatusId, "Закрыто и не реализовано", 11000, false, WholesalePipelineId, "#D5D8DB", 0),
        ]),
    ];

    public static IReadOnlyList<AmoFieldDefinition> LeadFields() =>
    [
        new(KaspiOrderCodeFieldId, "Kaspi order code", null, 510, "text", "leads", null),
        new(DeliveryFieldId, "Доставка", null, 511, "select", "leads",
        [
            new(DeliveryKaspiEnumId, "Kaspi Доставка", 1),
            new(DeliveryPickupEnumId, "Самовывоз", 2),
            new(DeliveryMerchantEnumId, "Доставка продавца", 3),
        ]),
        new(PaymentFieldId, "Оплата", null, 512, "select", "leads",
        [
            new(PaymentCreditEnumId, "Кредит", 1),
            new(PaymentPrepaidEnumId, "Предоплата", 2),
        ]),
        new(ItemsFieldId, "Товары", null, 513, "textarea", "leads", null),
    ];

    public static IReadOnlyList<AmoFieldDefinition> ContactFields() =>
    [
        new(PositionFieldId, "Должность", "POSITION", 2, "text", "contacts", null),
        new(PhoneFieldId, "Телефон", "PHONE", 4, "multitext", "contacts",
        [
            new(1200001, "WORK", 2),
            new(1200003, "WORKDD", 4),
            new(1200005, "MOB", 6),
            new(1200007, "FAX", 8),
            new(1200009, "HOME", 10),
            new(1200011, "OTHER", 12),
        ]),
        new(EmailFieldId, "Email", "EMAIL", 6, "multitext", "contacts",
        [
            new(1200021, "WORK", 2),
            new(1200023, "PRIV", 4),
            new(1200025, "OTHER", 6),
        ]),
        new(IinFieldId, "ИИН", null, 510, "text", "contacts", null),
        new(CityFieldId, "Город", null, 511, "text", "contacts", null),
    ];

    public static IReadOnlyList<AmoFieldDefinition> CompanyFields() =>
    [
        new(1300001, "Телефон", "PHONE", 4, "multitext", "companies",
        [
            new(1300011, "WORK", 2),
            new(1300013, "OTHER", 4),
        ]),
        new(1300003, "Email", "EMAIL", 6, "multitext", "companies",
        [
            new(1300021, "WORK", 2),
            new(1300023, "OTHER", 4),
        ]),
    ];

    /// <summary>Contacts with phones in the formats people type, a decoy whose ИИН holds another's digits, and one lead.</summary>
    public static void SeedData(AmoCrmAccount account)
    {
        var created = account.Now - 86400 * 30;
        AddContact(account, AigerimContactId, "Айгерим", "Сапарова", ["+77071234567"], [], iin: null, city: "Алматы", created);
        AddContact(account, ErlanContactId, "Ерлан", "Ахметов", ["8 (701) 765-43-21"], ["erlan.akhmetov@mail.kz"], iin: null, city: "Астана", created + 60);
        AddContact(account, DaurenContactId, "Даурен", "Касымов", ["7021234567"], [], iin: "870712345678", city: "Шымкент", created + 120);
        AddContact(account, AliyaContactId, "Алия", "Сапарова", ["+7 707 123 45 60"], [], iin: null, city: "Алматы", created + 180);
        AddContact(account, RomashkaContactId, "ТОО Ромашка, бухгалтерия", null, ["+7 727 355 00 77"], ["info@romashka.kz"], iin: null, city: "Алматы", created + 240);

        account.AddTag(new AmoTag(KaspiTagId, "Kaspi", null));
        var fields = account.LeadFields;
        var lead = new AmoLead
        {
            Id = SeedLeadId,
            Name = "Kaspi 785512309",
            Price = 184990,
            ResponsibleUserId = AdminUserId,
            PipelineId = KaspiPipelineId,
            StatusId = SendToErpStatusId,
            InitialStatusId = NewOrderStatusId,
            CreatedBy = 0,
            UpdatedBy = AdminUserId,
            CreatedAt = created + 3600,
            UpdatedAt = created + 7200,
            CreatedVia = "seed",
            CustomFields =
            [
                new(fields.Single(f => f.Id == KaspiOrderCodeFieldId), [new AmoValue("785512309", null, null)]),
                new(fields.Single(f => f.Id == DeliveryFieldId), [new AmoValue("Kaspi Доставка", DeliveryKaspiEnumId, null)]),
            ],
            Tags = [account.Tags.Single(t => t.Id == KaspiTagId)],
        };
        lead.Contacts.Add(new AmoContactLink(AigerimContactId, IsMain: true));
        account.Leads[lead.Id] = lead;
    }

    private static void AddContact(
        AmoCrmAccount account, long id, string first, string? last, string[] phones, string[] emails, string? iin, string? city, long createdAt, string createdVia = "seed")
    {
        var fields = account.ContactFields;
        var phone = fields.Single(f => f.Id == PhoneFieldId);
        var email = fields.Single(f => f.Id == EmailFieldId);
        var values = new List<AmoFieldValue>();
        if (phones.Length > 0)
        {
            values.Add(new(phone, phones.Select((p, i) => new AmoValue(p, i == 0 ? 1200005 : 1200001, i == 0 ? "MOB" : "WORK")).ToList()));
        }

        if (emails.Length > 0)
        {
            values.Add(new(email, emails.Select(e => new AmoValue(e, 1200021, "WORK")).ToList()));
        }

        if (iin is not null)
        {
            values.Add(new(fields.Single(f => f.Id == IinFieldId), [new AmoValue(iin, null, null)]));
        }

        if (city is not null)
        {
            values.Add(new(fields.Single(f => f.Id == CityFieldId), [new AmoValue(city, null, null)]));
        }

        account.Contacts[id] = new AmoContact
        {
            Id = id,
            Name = last is null ? first : $"{first} {last}",
            FirstName = first,
            LastName = last,
            ResponsibleUserId = AdminUserId,
            CreatedBy = AdminUserId,
            UpdatedBy = AdminUserId,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            CustomFields = values,
            CreatedVia = createdVia,
            SearchableFrom = DateTimeOffset.MinValue,
        };
    }

    /// <summary>Adds a contact from the control API.</summary>
    public static AmoContact AddContact(AmoCrmAccount account, NewFakeAmoContact request)
    {
        var id = account.NewContactId();
        var name = request.Name ?? string.Join(' ', new[] { request.FirstName, request.LastName }.Where(s => !string.IsNullOrEmpty(s)));
        AddContact(account, id, request.FirstName ?? name, request.LastName, request.Phones.ToArray(), request.Emails.ToArray(), request.Iin, request.City, account.Now, "control");
        var contact = account.Contacts[id];
        contact.Name = name;
        contact.FirstName = request.FirstName;
        return contact;
    }
}
