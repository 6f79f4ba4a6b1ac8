using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Studio;

/// <summary>The Studio's settings (section <c>Studio</c>).</summary>
public sealed class StudioOptions
{
    public const string SectionName = "Studio";

    /// <summary>Whether <c>/studio/</c> is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The folder holding the unpacked <c>@elsa-workflows/elsa-studio-wasm</c> package (with <c>_framework/</c>), relative to the
    /// content root. Default: the folder the build installed (<c>Studio/package/node_modules/@elsa-workflows/elsa-studio-wasm</c>).
    /// </summary>
    public string? PackagePath { get; set; }

    /// <summary>The one account that may sign in.</summary>
    public StudioOperatorOptions Operator { get; set; } = new();

    /// <summary>
    /// How long a session lasts without a request (the cookie slides). Keep it no longer than <c>Elsa:TokenLifetime</c>, the life of
    /// the bearer token each page hands its element (the startup log warns otherwise).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Limits on failed sign-ins.</summary>
    public SignInThrottleOptions SignInThrottle { get; set; } = new();
}
