using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Hosting;

public static class GatewayOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/>, lays the legacy variable names over it,
    /// validates it with <typeparamref name="TValidator"/> and does so at startup.
    /// </summary>
    internal static OptionsBuilder<TOptions> AddGatewayOptions<TOptions, TValidator>(
        this IHostApplicationBuilder builder,
        string section,
        Action<TOptions, LegacySettings> applyLegacy,
        Func<TOptions, List<string>> errors)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder.Services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .PostConfigure<IConfiguration>((options, configuration) => applyLegacy(options, new LegacySettings(configuration, errors(options))))
            .ValidateOnStart();
    }
}
