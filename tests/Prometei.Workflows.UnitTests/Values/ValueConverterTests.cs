using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.UnitTests.Values;

public sealed class ValueConverterTests
{
    [Fact]
    public void FromJson_Object_BecomesExpandoWithPlainValues()
    {
        var node = JsonNode.Parse("""{"id":7,"total":12.50,"paid":true,"note":null,"lines":[{"sku":"A"}],"customer":{"name":"Aigerim"}}""");

        var order = Assert.IsType<ExpandoObject>(ValueConverter.FromJson(node));

        IDictionary<string, object?> fields = order;
        Assert.Equal(7L, fields["id"]);
        Assert.Equal(12.50m, fields["total"]);
        Assert.Equal(true, fields["paid"]);
        Assert.Null(fields["note"]);
        var line = Assert.IsType<ExpandoObject>(Assert.Single(Assert.IsType<List<object?>>(fields["lines"])));
        Assert.Equal("A", ((IDictionary<string, object?>)line)["sku"]);
        Assert.Equal("Aigerim", ((dynamic)order).customer.name);
    }

    [Theory]
    [InlineData("9223372036854775807", typeof(long))]
    [InlineData("9223372036854775808", typeof(decimal))]
    [InlineData("1.5", typeof(decimal))]
    [InlineData("1e300", typeof(double))]
    public void FromJson_Number_PicksSmallestFittingType(string json, Type expected)
    {
        Assert.IsType(expected, ValueConverter.FromJson(JsonNode.Parse(json)));
    }

    [Fact]
    public void FromJson_ValueCreatedFromClrObject_IsPlain()
    {
        Assert.Equal(5L, ValueConverter.FromJson(JsonValue.Create(5)));
        Assert.Equal("2024-05-01T10:00:00+05:00", ValueConverter.FromJson(JsonValue.Create(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(5)))));
    }

    [Fact]
    public void ToJson_ExpandoWithNestedValues_WritesJson()
    {
        dynamic order = new ExpandoObject();
        order.Id = 7L;
        order.Lines = new List<object?> { "A", 2 };
        order.Paid = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(5));

        var json = ValueConverter.ToJson((object)order);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Id":7,"Lines":["A",2],"Paid":"2024-05-01T10:00:00+05:00"}"""), json));
    }

    [Fact]
    public void ToJson_RecordWithEnum_WritesPropertiesAndEnumName()
    {
        var json = ValueConverter.ToJson(new Shipment("KZ-1", DayOfWeek.Monday, Guid.Empty));

        Assert.Equal("""{"Number":"KZ-1","Day":"Monday","Id":"00000000-0000-0000-0000-000000000000"}""", json!.ToJsonString());
    }

    [Fact]
    public void ToJson_JsonNodeOrElement_IsCopied()
    {
        var parent = JsonNode.Parse("""{"child":{"a":1}}""")!;
        var child = parent["child"];

        var copy = ValueConverter.ToJson(child);
        var fromElement = ValueConverter.ToJson(JsonDocument.Parse("[1,2]").RootElement);

        Assert.NotSame(child, copy);
        Assert.Null(copy!.Parent);
        Assert.Equal("[1,2]", fromElement!.ToJsonString());
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void ConvertTo_BooleanText_IsBool(string text, bool expected)
    {
        Assert.Equal(expected, ValueConverter.ConvertTo(text, typeof(bool)));
    }

    [Theory]
    [InlineData("42", typeof(int), 42)]
    [InlineData("42", typeof(byte), (byte)42)]
    [InlineData("-42", typeof(long), -42L)]
    [InlineData("42.0", typeof(short), (short)42)]
    [InlineData("1.5", typeof(double), 1.5d)]
    [InlineData("1.5", typeof(float), 1.5f)]
    public void ConvertTo_NumberText_IsNumber(string text, Type targetType, object expected)
    {
        Assert.Equal(expected, ValueConverter.ConvertTo(text, targetType));
    }

    [Fact]
    public void ConvertTo_LongToSmallerTypes_Converts()
    {
        Assert.Equal(42, ValueConverter.ConvertTo(42L, typeof(int)));
        Assert.Equal(42m, ValueConverter.ConvertTo(42L, typeof(decimal)));
        Assert.Equal(0.25d, ValueConverter.ConvertTo(0.25m, typeof(double)));
        Assert.Equal(12.5m, ValueConverter.ConvertTo("12.50", typeof(decimal)));
    }

    [Fact]
    public void ConvertTo_FractionToInteger_Throws()
    {
        Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo(42.5m, typeof(int)));
        Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo("42.5", typeof(long)));
    }

    [Fact]
    public void ConvertTo_OutOfRange_Throws()
    {
        Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo(300L, typeof(byte)));
    }

    [Fact]
    public void ConvertTo_NumbersAndDatesToString_UseInvariantCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        try
        {
            Assert.Equal("1234.5", ValueConverter.ConvertTo(1234.5m, typeof(string)));
            Assert.Equal("0.1", ValueConverter.ConvertTo(0.1d, typeof(string)));
            Assert.Equal("2024-05-01T10:00:00.0000000+05:00",
                ValueConverter.ConvertTo(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(5)), typeof(string)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ConvertTo_ObjectsAndArraysToString_AreJsonText()
    {
        var order = ValueConverter.FromJson(JsonNode.Parse("""{"name":"Айгерим","items":[1,2]}"""));

        Assert.Equal("""{"name":"Айгерим","items":[1,2]}""", ValueConverter.ConvertTo(order, typeof(string)));
        Assert.Equal("[1,2]", ValueConverter.ConvertTo(new List<object?> { 1L, 2L }, typeof(string)));
        Assert.Equal("true", ValueConverter.ConvertTo(true, typeof(string)));
        Assert.Equal("plain", ValueConverter.ConvertTo(JsonValue.Create("plain"), typeof(string)));
    }

    [Fact]
    public void ConvertTo_JsonArrayText_IsTypedCollection()
    {
        const string Json = """["GET","POST"]""";

        Assert.Equal(["GET", "POST"], Assert.IsType<string[]>(ValueConverter.ConvertTo(Json, typeof(string[]))));
        Assert.Equal(["GET", "POST"], Assert.IsType<List<string>>(ValueConverter.ConvertTo(Json, typeof(List<string>))));
        Assert.Equal(["GET", "POST"], Assert.IsType<List<string>>(ValueConverter.ConvertTo(Json, typeof(IEnumerable<string>))));
    }

    [Fact]
    public void ConvertTo_ListOfLongs_IsListOfInt32()
    {
        var result = ValueConverter.ConvertTo(new List<object?> { 1L, "2", 3m }, typeof(IReadOnlyList<int>));

        Assert.Equal([1, 2, 3], Assert.IsType<List<int>>(result));
    }

    [Fact]
    public void ConvertTo_BadItem_ThrowsNamingItemIndex()
    {
        var ex = Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo(new List<object?> { 1L, "x" }, typeof(int[])));

        Assert.Contains("List<Object>", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32[]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Item 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("PT5S", 5)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("1.00:00:00", 86400)]
    public void ConvertTo_DurationText_IsTimeSpan(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ValueConverter.ConvertTo(text, typeof(TimeSpan)));
    }

    [Fact]
    public void ConvertTo_IsoText_IsDateTimeOffsetAndDateTime()
    {
        var expected = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(5));

        Assert.Equal(expected, ValueConverter.ConvertTo("2024-05-01T10:00:00+05:00", typeof(DateTimeOffset)));
        var utc = Assert.IsType<DateTime>(ValueConverter.ConvertTo("2024-05-01T10:00:00+05:00", typeof(DateTime)));
        Assert.Equal(new DateTime(2024, 5, 1, 5, 0, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Fact]
    public void ConvertTo_GuidText_IsGuid()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, ValueConverter.ConvertTo(id.ToString(), typeof(Guid)));
    }

    [Theory]
    [InlineData("Monday")]
    [InlineData("monday")]
    [InlineData(" MONDAY ")]
    public void ConvertTo_EnumName_IgnoresCase(string text)
    {
        Assert.Equal(DayOfWeek.Monday, ValueConverter.ConvertTo(text, typeof(DayOfWeek)));
    }

    [Fact]
    public void ConvertTo_Null_IsDefaultOrNull()
    {
        Assert.Equal(0, ValueConverter.ConvertTo(null, typeof(int)));
        Assert.Null(ValueConverter.ConvertTo(null, typeof(int?)));
        Assert.Null(ValueConverter.ConvertTo(null, typeof(string)));
        Assert.Null(ValueConverter.ConvertTo("", typeof(int?)));
        Assert.Equal(7, ValueConverter.ConvertTo("7", typeof(int?)));
    }

    [Fact]
    public void ConvertTo_JsonText_IsRecordBoundCaseInsensitively()
    {
        var result = ValueConverter.ConvertTo("""{"number":"KZ-1","day":"tuesday","id":"00000000-0000-0000-0000-000000000001"}""", typeof(Shipment));

        Assert.Equal(new Shipment("KZ-1", DayOfWeek.Tuesday, new Guid("00000000-0000-0000-0000-000000000001")), result);
    }

    [Fact]
    public void ConvertTo_ExpandoToRecord_RoundTripsThroughJson()
    {
        var expando = ValueConverter.FromJson(JsonNode.Parse("""{"Number":"KZ-2","Day":1,"Id":"00000000-0000-0000-0000-000000000000"}"""));

        Assert.Equal(new Shipment("KZ-2", DayOfWeek.Monday, Guid.Empty), ValueConverter.ConvertTo(expando, typeof(Shipment)));
    }

    [Fact]
    public void ConvertTo_JsonObjectText_IsExpandoOrDictionary()
    {
        const string Json = """{"a":1}""";

        var expando = Assert.IsType<ExpandoObject>(ValueConverter.ConvertTo(Json, typeof(ExpandoObject)));
        var dictionary = Assert.IsAssignableFrom<IDictionary<string, object?>>(ValueConverter.ConvertTo(Json, typeof(IDictionary<string, object?>)));
        var concrete = Assert.IsType<Dictionary<string, object?>>(ValueConverter.ConvertTo(Json, typeof(Dictionary<string, object?>)));

        Assert.Equal(1L, ((IDictionary<string, object?>)expando)["a"]);
        Assert.Equal(1L, dictionary["a"]);
        Assert.Equal(1L, concrete["a"]);
    }

    [Fact]
    public void ConvertTo_JsonNodeTargets_ParseTextAndCheckKind()
    {
        Assert.Equal("""{"a":1}""", Assert.IsType<JsonObject>(ValueConverter.ConvertTo("""{"a":1}""", typeof(JsonObject))).ToJsonString());
        Assert.Equal("[1]", Assert.IsType<JsonArray>(ValueConverter.ConvertTo(new List<object?> { 1L }, typeof(JsonNode))).ToJsonString());
        Assert.Equal("\"text\"", Assert.IsAssignableFrom<JsonValue>(ValueConverter.ConvertTo("text", typeof(JsonNode))).ToJsonString());
        Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo("[1]", typeof(JsonObject)));
    }

    [Fact]
    public void ConvertTo_ToObject_KeepsValueButMakesJsonPlain()
    {
        var value = new Shipment("KZ-1", DayOfWeek.Monday, Guid.Empty);

        Assert.Same(value, ValueConverter.ConvertTo(value, typeof(object)));
        Assert.Equal("[1]", ValueConverter.ConvertTo("[1]", typeof(object)));
        Assert.Equal([1L], Assert.IsType<List<object?>>(ValueConverter.ConvertTo(JsonNode.Parse("[1]"), typeof(object))));
    }

    [Fact]
    public void ConvertTo_Failure_NamesTypesButNotValue()
    {
        var ex = Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo("Bearer secret-token", typeof(Guid)));

        Assert.Equal("Cannot convert a value of type String to Guid.", ex.Message);
    }

    [Fact]
    public void ConvertTo_NotJsonForRecord_Throws()
    {
        var ex = Assert.Throws<InvalidCastException>(() => ValueConverter.ConvertTo("""{"number": oops}""", typeof(Shipment)));

        Assert.DoesNotContain("oops", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("String", typeof(string))]
    [InlineData("Boolean", typeof(bool))]
    [InlineData("Int32", typeof(int))]
    [InlineData("Int64", typeof(long))]
    [InlineData("Decimal", typeof(decimal))]
    [InlineData("Double", typeof(double))]
    [InlineData("Single", typeof(float))]
    [InlineData("DateTime", typeof(DateTime))]
    [InlineData("DateTimeOffset", typeof(DateTimeOffset))]
    [InlineData("TimeSpan", typeof(TimeSpan))]
    [InlineData("Guid", typeof(Guid))]
    [InlineData("Object", typeof(object))]
    [InlineData("ExpandoObject", typeof(ExpandoObject))]
    [InlineData("JsonObject", typeof(JsonObject))]
    [InlineData("JsonArray", typeof(JsonArray))]
    [InlineData("Array", typeof(List<object>))]
    [InlineData("System.String", typeof(string))]
    [InlineData("System.Dynamic.ExpandoObject", typeof(ExpandoObject))]
    [InlineData("System.Text.Json.Nodes.JsonObject", typeof(JsonObject))]
    [InlineData("Int32?", typeof(int?))]
    [InlineData("String[]", typeof(string[]))]
    [InlineData("System.Int32, System.Private.CoreLib", typeof(int))]
    [InlineData("System.Dynamic.ExpandoObject, System.Linq.Expressions, Version=9.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", typeof(ExpandoObject))]
    [InlineData("System.Net.HttpStatusCode, System.Net.Primitives", typeof(System.Net.HttpStatusCode))]
    [InlineData("System.Text.Json.Nodes.JsonObject, Acme.Renamed", typeof(JsonObject))]
    public void ResolveTypeName_KnownName_IsClrType(string name, Type expected)
    {
        Assert.Equal(expected, ValueConverter.ResolveTypeName(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Customer")]
    [InlineData("String?")]
    [InlineData("Acme.Customer, Acme")]
    public void ResolveTypeName_UnknownName_IsNull(string? name)
    {
        Assert.Null(ValueConverter.ResolveTypeName(name));
    }

    [Theory]
    [InlineData("OK", System.Net.HttpStatusCode.OK)]
    [InlineData("notFound", System.Net.HttpStatusCode.NotFound)]
    [InlineData("404", System.Net.HttpStatusCode.NotFound)]
    [InlineData(201L, System.Net.HttpStatusCode.Created)]
    public void ConvertTo_EnumNameOrNumber_AsElsaWritesThem(object value, System.Net.HttpStatusCode expected)
    {
        Assert.Equal(expected, ValueConverter.ConvertTo<System.Net.HttpStatusCode>(value));
        Assert.Equal(expected, ValueConverter.ConvertTo<System.Net.HttpStatusCode>(JsonValue.Create(value.ToString())));
    }

    [Fact]
    public void ToPlain_ClrValues_BecomeStoredShapes()
    {
        Assert.Equal(5L, ValueConverter.ToPlain(5));
        Assert.Equal(1.5d, ValueConverter.ToPlain(1.5f));
        var shipment = Assert.IsType<ExpandoObject>(ValueConverter.ToPlain(new Shipment("KZ-1", DayOfWeek.Monday, Guid.Empty)));
        Assert.Equal("Monday", ((IDictionary<string, object?>)shipment)["Day"]);
        var list = new List<object?> { 1L };
        Assert.Same(list, ValueConverter.ToPlain(list));
    }

    public sealed record Shipment(string Number, DayOfWeek Day, Guid Id);
}
