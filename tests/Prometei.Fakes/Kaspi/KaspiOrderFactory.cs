using System.Globalization;
using System.Text;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Kaspi;

/// <summary>Realistic customers and goods for defaults and the sandbox: Kazakh names, 10-digit phones, prices in KZT.</summary>
internal static class KaspiOrderFactory
{
    private static readonly (string First, string Last)[] s_women =
    [
        ("Айгерим", "Сапарова"), ("Динара", "Нурланова"), ("Жанар", "Ахметова"), ("Гульнара", "Касымова"),
        ("Асель", "Жумабаева"), ("Мадина", "Серикова"), ("Алия", "Токтарова"), ("Камила", "Абдрахманова"),
        ("Сабина", "Ермекова"), ("Томирис", "Байжанова"),
    ];

    private static readonly (string First, string Last)[] s_men =
    [
        ("Ерлан", "Ахметов"), ("Даурен", "Касымов"), ("Нурлан", "Жаксылыков"), ("Арман", "Сейткали"),
        ("Бауыржан", "Оспанов"), ("Алихан", "Мухамеджанов"), ("Санжар", "Исмаилов"), ("Тимур", "Бекмуханов"),
        ("Ержан", "Калиев"), ("Руслан", "Омаров"),
    ];

    /// <summary>Kazakh mobile operator prefixes (the 10 digits start with them).</summary>
    private static readonly string[] s_prefixes = ["701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"];

    private static readonly (string Code, string Name, decimal Price, string CategoryCode, string CategoryTitle, bool Imei)[] s_products =
    [
        ("SKU-PH-0451", "Смартфон Samsung Galaxy A55 5G 8/256 ГБ темно-синий", 189990m, "Master - Smartphones", "Смартфоны", true),
        ("SKU-PH-0730", "Смартфон Apple iPhone 15 128 ГБ черный", 449990m, "Master - Smartphones", "Смартфоны", true),
        ("SKU-PH-0512", "Смартфон Xiaomi Redmi Note 13 8/256 ГБ черный", 104990m, "Master - Smartphones", "Смартфоны", true),
        ("SKU-CS-0098", "Чехол-книжка для Samsung Galaxy A55 черный", 3490m, "Master - Phone cases", "Чехлы для телефонов", false),
        ("SKU-HP-0210", "Наушники Apple AirPods Pro 2 белый", 119990m, "Master - Headphones", "Наушники", false),
        ("SKU-TV-0044", "Телевизор LG 55UR78006LK 139 см черный", 259990m, "Master - TVs", "Телевизоры", false),
        ("SKU-KT-0315", "Электрочайник Tefal KO693110 серебристый", 21990m, "Master - Kettles", "Электрочайники", false),
        ("SKU-VC-0120", "Пылесос Dyson V12 Detect Slim Absolute", 379990m, "Master - Vacuum cleaners", "Пылесосы", false),
        ("SKU-KB-0077", "Кабель USB Type-C - Lightning 1 м белый", 4990m, "Master - Cables", "Кабели и переходники", false),
        ("SKU-WM-0019", "Стиральная машина Samsung WW70A6S23AX/LD белый", 219990m, "Master - Washing machines", "Стиральные машины", false),
        ("SKU-TB-0061", "Планшет Samsung Galaxy Tab A9+ 11 64 ГБ серый", 99990m, "Master - Tablets", "Планшеты", true),
        ("SKU-PB-0038", "Внешний аккумулятор Xiaomi Redmi 20000 мАч черный", 9990m, "Master - Power banks", "Портативные аккумуляторы", false),
    ];

    public static KaspiCustomer Customer(Random random)
    {
        var (first, last) = random.Next(2) == 0 ? s_women[random.Next(s_women.Length)] : s_men[random.Next(s_men.Length)];
        var phone = s_prefixes[random.Next(s_prefixes.Length)] + random.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
        return new KaspiCustomer(first, last, phone, Name: random.Next(3) == 0 ? first : null, Id: CustomerId(phone));
    }

    public static IReadOnlyList<NewFakeKaspiEntry> Entries(Random random)
    {
        var count = random.Next(10) switch
        {
            < 6 => 1,
            < 9 => 2,
            _ => 3,
        };
        return Enumerable.Range(0, count)
            .Select(_ => s_products[random.Next(s_products.Length)])
            .DistinctBy(p => p.Code)
            .Select(p => new NewFakeKaspiEntry
            {
                OfferCode = p.Code,
                OfferName = p.Name,
                BasePrice = p.Price,
                Quantity = p.Price < 10_000m ? random.Next(1, 4) : 1,
                CategoryCode = p.CategoryCode,
                CategoryTitle = p.CategoryTitle,
                IsImeiRequired = p.Imei,
            })
            .ToList();
    }

    public static string Code(Random random) => random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>The guide's ids are base64: order <c>{code}:01</c>, entry <c>{code}##{n}</c>, customer the phone (unpadded).</summary>
    public static string OrderId(string code) => Base64($"{code}:01");

    public static string EntryId(string code, int number) => Base64($"{code}##{number.ToString(CultureInfo.InvariantCulture)}");

    public static string CustomerId(string phone) => Base64(phone).TrimEnd('=');

    public static string ProductId(string offerCode) => Base64(offerCode).TrimEnd('=');

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
