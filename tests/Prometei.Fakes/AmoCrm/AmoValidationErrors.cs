using System.Text.Json.Nodes;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// The <c>validation-errors</c> of a 400 (contract §5): per batch element its <c>request_id</c> and errors with
/// <c>code</c>, <c>path</c>, <c>detail</c>. <c>NotSupportedChoice</c> is the contract's code; <c>InvalidType</c>,
/// <c>NotBlank</c> and <c>TooMany</c> are ours (the contract lists no others).
/// </summary>
internal sealed class AmoValidationErrors
{
    private readonly List<(string RequestId, string Code, string Path, string Detail)> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string requestId, string code, string path, string detail) => _errors.Add((requestId, code, path, detail));

    public JsonArray ToJson()
    {
        var result = new JsonArray();
        foreach (var group in _errors.GroupBy(e => e.RequestId))
        {
            var errors = new JsonArray();
            foreach (var error in group)
            {
                errors.Add(new JsonObject { ["code"] = error.Code, ["path"] = error.Path, ["detail"] = error.Detail });
            }

            result.Add(new JsonObject { ["request_id"] = group.Key, ["errors"] = errors });
        }

        return result;
    }
}
