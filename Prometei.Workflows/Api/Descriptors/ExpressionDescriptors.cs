using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>
/// The expression syntaxes this engine evaluates: Literal, Object, Variable and CSharp. Studio needs one besides
/// Literal/Object/Variable (CSharp), and <c>properties</c> must hold strings only.
/// </summary>
internal static class ExpressionDescriptors
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /descriptors/expression-descriptors (Elsa.Workflows.Api/Endpoints/ExpressionDescriptors/List/Endpoint.cs)
        api.MapGet("/descriptors/expression-descriptors", Handle);

    private static JsonHttpResult<ListResponse<ExpressionDescriptorModel>> Handle(ExpressionEvaluatorRegistry evaluators) =>
        ElsaResults.Json(new ListResponse<ExpressionDescriptorModel>([.. evaluators.All.Select(e => new ExpressionDescriptorModel(
            e.Type,
            e.DisplayName,
            IsSerializable: true,
            e.IsBrowsable,
            e.MonacoLanguage is { } language ? new Dictionary<string, string> { ["MonacoLanguage"] = language } : new Dictionary<string, string>()))]));
}
