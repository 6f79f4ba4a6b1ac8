using Microsoft.Extensions.DependencyInjection;

namespace Prometei.ServiceDefaults.Configuration;

/// <summary>
/// A setting found wrong while the services were being registered (a connection string Npgsql would refuse, a value that does
/// not parse), kept to be reported when the service starts, with every other options validation failure, instead of an
/// exception thrown from <c>Program.cs</c> before the host exists.
/// </summary>
public sealed class ConfigurationProblem
{
    /// <summary>Registers <paramref name="message"/> (which names the setting, never its value) as a start-up validation failure.</summary>
    public static void Report(IServiceCollection services, string message) =>
        services.AddOptions<ConfigurationProblem>(message).Validate(_ => false, message).ValidateOnStart();
}
