using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Elsa's save rules for a model sent by Studio (save, create, duplicate, import): a missing definition id makes a new
/// definition; an unknown one creates it under that id; a draft latest version is updated in place; a published latest
/// version gets a new draft version. Validation happens in <see cref="WorkflowDefinitionService"/>.
/// </summary>
internal static class DefinitionSaver
{
    public sealed record Outcome(StoredDefinition? Definition, IReadOnlyList<string> Errors, bool IsNew);

    public static async Task<Outcome> SaveAsync(
        JsonObject model, bool publish, DefinitionQueries definitions, WorkflowDefinitionService service, CancellationToken cancellationToken,
        bool keepUnknownAsDraft = false)
    {
        var definitionId = model["definitionId"] is JsonValue v && v.TryGetValue<string>(out var given) && !string.IsNullOrWhiteSpace(given)
            ? given.Trim()
            : NewDefinitionId();
        if (definitionId.Contains('/', StringComparison.Ordinal))
        {
            return new Outcome(null, [$"The definition id '{definitionId}' must not contain '/'."], false);
        }

        var isNew = await definitions.FindAsync(definitionId, VersionFilter.Latest, cancellationToken) is null;
        var (stored, errors) = await service.SaveAsync(DefinitionMapper.PrepareForSave(model, definitionId), publish, cancellationToken: cancellationToken, keepUnknownAsDraft: keepUnknownAsDraft);
        return new Outcome(stored, errors, isNew);
    }

    /// <summary>16 hex characters, as Elsa's ids.</summary>
    private static string NewDefinitionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
