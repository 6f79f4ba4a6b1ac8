namespace Prometei.Workflows.Api;

/// <summary>Puts <see cref="ElsaCorsMiddleware"/> at the very start of the pipeline, ahead of authentication.</summary>
internal sealed class ElsaCorsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ElsaCorsMiddleware>();
        next(app);
    };
}
