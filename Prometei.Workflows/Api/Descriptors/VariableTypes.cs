using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>The variable types the engine converts values to (the names <c>ValueConverter.ResolveTypeName</c> knows).</summary>
internal static class VariableTypes
{
    private static readonly IReadOnlyList<VariableTypeModel> s_types =
    [
        new("String", "String", "Primitives", null),
        new("Boolean", "Boolean", "Primitives", null),
        new("Int32", "Int32", "Primitives", null),
        new("Int64", "Int64", "Primitives", null),
        new("Decimal", "Decimal", "Primitives", null),
        new("Double", "Double", "Primitives", null),
        new("Guid", "Guid", "Primitives", null),
        new("DateTime", "DateTime", "Primitives", null),
        new("DateTimeOffset", "DateTimeOffset", "Primitives", null),
        new("DateOnly", "DateOnly", "Primitives", null),
        new("TimeOnly", "TimeOnly", "Primitives", null),
        new("TimeSpan", "TimeSpan", "Primitives", null),
        new("Uri", "Uri", "Primitives", null),
        new("Object", "Object", "Dynamic", "Any value."),
        new("ExpandoObject", "ExpandoObject", "Dynamic", "A JSON object."),
        new("Array", "Array", "Dynamic", "A JSON array."),
        new("JsonObject", "JsonObject", "Dynamic", null),
        new("StringDictionary", "StringDictionary", "Dictionaries", null),
        new("StringObjectDictionary", "StringObjectDictionary", "Dictionaries", null),
    ];

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /descriptors/variables (Elsa.Workflows.Api/Endpoints/VariableTypes/List/Endpoint.cs)
        api.MapGet("/descriptors/variables", Handle);

    private static JsonHttpResult<ItemsResponse<VariableTypeModel>> Handle() => ElsaResults.Json(new ItemsResponse<VariableTypeModel>(s_types));
}
