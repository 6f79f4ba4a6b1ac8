namespace Prometei.Fakes.Control;

/// <summary>
/// Ids of what the fake amoCRM account is seeded with (also listed by <c>GET /_control/amocrm/account</c> and by the
/// vendor endpoints <c>/api/v4/leads/pipelines</c>, <c>/api/v4/{leads|contacts}/custom_fields</c>).
/// </summary>
public static class AmoCrmSeedIds
{
    public const long AccountId = 31234567;

    /// <summary>The admin user that tokens act as; default responsible user.</summary>
    public const long AdminUserId = 9012345;

    public const long ManagerUserId = 9012346;

    /// <summary>Main pipeline "Kaspi заказы".</summary>
    public const long KaspiPipelineId = 7012345;

    /// <summary>Unsorted stage of the main pipeline (type 1).</summary>
    public const long KaspiUnsortedStatusId = 61234560;

    /// <summary>"Новый заказ": the first regular stage, where new leads land by default.</summary>
    public const long NewOrderStatusId = 61234567;

    /// <summary>"Подтверждён".</summary>
    public const long ConfirmedStatusId = 61234569;

    /// <summary>"Передать в ERP": the stage whose webhook makes the ERP task in the sandbox flow.</summary>
    public const long SendToErpStatusId = 61234571;

    /// <summary>"Отгружен".</summary>
    public const long ShippedStatusId = 61234573;

    /// <summary>Second pipeline "Опт".</summary>
    public const long WholesalePipelineId = 7012399;

    public const long WholesaleUnsortedStatusId = 61299900;

    public const long WholesaleFirstStatusId = 61299901;

    public const long WholesaleNegotiationStatusId = 61299903;

    /// <summary>"Успешно реализовано", the same id in every pipeline.</summary>
    public const long WonStatusId = 142;

    /// <summary>"Закрыто и не реализовано", the same id in every pipeline.</summary>
    public const long LostStatusId = 143;

    /// <summary>Lead field "Kaspi order code" (text).</summary>
    public const long KaspiOrderCodeFieldId = 1234567;

    /// <summary>Lead field "Доставка" (select).</summary>
    public const long DeliveryFieldId = 1234571;

    public const long DeliveryKaspiEnumId = 905511;

    public const long DeliveryPickupEnumId = 905513;

    public const long DeliveryMerchantEnumId = 905515;

    /// <summary>Lead field "Оплата" (select).</summary>
    public const long PaymentFieldId = 1234575;

    public const long PaymentCreditEnumId = 905521;

    public const long PaymentPrepaidEnumId = 905523;

    /// <summary>Lead field "Товары" (textarea).</summary>
    public const long ItemsFieldId = 1234577;

    /// <summary>Contact field PHONE (multitext; enum codes WORK, WORKDD, MOB, FAX, HOME, OTHER).</summary>
    public const long PhoneFieldId = 1100001;

    /// <summary>Contact field EMAIL (multitext; enum codes WORK, PRIV, OTHER).</summary>
    public const long EmailFieldId = 1100003;

    /// <summary>Contact field POSITION (text).</summary>
    public const long PositionFieldId = 1100005;

    /// <summary>Contact field "ИИН" (text, user-created: no code).</summary>
    public const long IinFieldId = 1100007;

    /// <summary>Contact field "Город" (text).</summary>
    public const long CityFieldId = 1100009;

    /// <summary>Seeded contact Айгерим Сапарова, PHONE <c>+77071234567</c>.</summary>
    public const long AigerimContactId = 40123456;

    /// <summary>Seeded contact Ерлан Ахметов, PHONE <c>8 (701) 765-43-21</c>.</summary>
    public const long ErlanContactId = 40123457;

    /// <summary>Seeded contact Даурен Касымов, PHONE <c>7021234567</c> and ИИН <c>870712345678</c>, which holds the digits <c>7071234567</c>: a phone search for Айгерим finds him too.</summary>
    public const long DaurenContactId = 40123458;

    /// <summary>Seeded contact Алия Сапарова, PHONE <c>+7 707 123 45 60</c> (one digit from Айгерим's).</summary>
    public const long AliyaContactId = 40123459;

    /// <summary>Seeded contact "ТОО Ромашка, бухгалтерия", PHONE <c>+7 727 355 00 77</c>, EMAIL <c>info@romashka.kz</c>.</summary>
    public const long RomashkaContactId = 40123460;

    /// <summary>Seeded lead "Kaspi 785512309" in "Передать в ERP", linked to Айгерим.</summary>
    public const long SeedLeadId = 24681357;

    /// <summary>Tag "Kaspi" of the seeded lead.</summary>
    public const long KaspiTagId = 120021;
}
