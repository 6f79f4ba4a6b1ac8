using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Prometei.ServiceDefaults.Configuration;

/// <summary>
/// Tells a start-up failure caused by the configuration (an options validation failure, a value the binder could not convert,
/// a <see cref="ConfigurationProblem"/>) from any other, and says it in one sentence that names each setting by its
/// configuration path and never repeats a value.
/// </summary>
public static partial class StartupFailure
{
    /// <summary>The configuration problems behind <paramref name="exception"/>, or null when it is not (only) a configuration problem.</summary>
    public static string? Describe(Exception exception)
    {
        List<string> problems = [];
        return Collect(exception, problems) && problems.Count > 0 ? string.Join(" ", problems.Distinct(StringComparer.Ordinal)) : null;
    }

    private static bool Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                problems.AddRange(validation.Failures.Select(f => Rewrite(validation.OptionsType, f)));
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(e => Collect(e, problems));
            case TargetInvocationException { InnerException: { } inner }:
                return Collect(inner, problems);
            case InvalidOperationException when BindingFailure().Match(exception.Message) is { Success: true } binding:
                // The binder's message quotes the value; only its path and type are kept.
                problems.Add($"{binding.Groups["path"].Value} cannot be read as {FriendlyType(binding.Groups["type"].Value)}.");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Data annotations name the options class and the property ("DataAnnotation validation failed for 'WorkflowServerOptions'
    /// members: 'MaxConcurrency' with the error: '…'"); the operator sets <c>Workflows:MaxConcurrency</c>, so say that, from the
    /// class's <c>SectionName</c> constant.
    /// </summary>
    private static string Rewrite(Type optionsType, string failure)
    {
        if (DataAnnotationFailure().Match(failure) is not { Success: true } match)
        {
            return failure.EndsWith('.') ? failure : failure + ".";
        }

        var section = optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
        var members = string.Join(", ", match.Groups["members"].Value.Split(", ").Select(m => section is null ? $"{optionsType.Name}.{m}" : $"{section}:{m}"));
        var error = match.Groups["error"].Value;
        return $"{members}: {(error.EndsWith('.') ? error : error + ".")}";
    }

    private static string FriendlyType(string type) => type switch
    {
        "System.TimeSpan" => "a TimeSpan (for example 00:00:30)",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        _ => $"'{type}'",
    };

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<type>[^']*)' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BindingFailure();
}
