namespace Prometei.Api.Hosting;

/// <summary>Collects validation failures that name the configuration key and its environment variable.</summary>
internal sealed class OptionsValidation
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Fail(string message) => _failures.Add(message);

    public void AddRange(IEnumerable<string> messages) => _failures.AddRange(messages);

    public void Require(bool condition, string message)
    {
        if (!condition)
        {
            _failures.Add(message);
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);

    public static bool IsHttpUrl(Uri? uri) => uri is { IsAbsoluteUri: true } && uri.Scheme is "http" or "https";
}
