using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Studio;

/// <summary>Checks the <c>Studio</c> section, nested parts included, and names the setting in each failure.</summary>
internal sealed class StudioOptionsValidator : IValidateOptions<StudioOptions>
{
    public ValidateOptionsResult Validate(string? name, StudioOptions options)
    {
        var failures = new List<string>();
        Check(options, StudioOptions.SectionName, failures);
        Check(options.Operator, $"{StudioOptions.SectionName}:Operator", failures);
        Check(options.SignInThrottle, $"{StudioOptions.SectionName}:SignInThrottle", failures);
        if (options.SignInThrottle.MaxLockout < options.SignInThrottle.Lockout)
        {
            failures.Add($"{StudioOptions.SectionName}:SignInThrottle:MaxLockout must not be shorter than {StudioOptions.SectionName}:SignInThrottle:Lockout.");
        }

        if (options.Enabled && string.IsNullOrWhiteSpace(options.Operator.UserName))
        {
            failures.Add($"{StudioOptions.SectionName}:Operator:UserName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object value, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
