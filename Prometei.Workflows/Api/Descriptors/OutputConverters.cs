using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>Output converters: the engine has none, so output bindings store values as they are.</summary>
internal static class OutputConverters
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /descriptors/output-converters (Elsa.Workflows.Api/Endpoints/OutputConverters/List/Endpoint.cs)
        api.MapGet("/descriptors/output-converters", Handle);

    private static JsonHttpResult<ItemsResponse<OutputConverterModel>> Handle() => ElsaResults.Json(new ItemsResponse<OutputConverterModel>([]));
}
