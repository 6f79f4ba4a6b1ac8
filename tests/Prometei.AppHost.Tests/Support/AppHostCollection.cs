namespace Prometei.AppHost.Tests.Support;

/// <summary>The AppHost tests run one after another: each starts a whole system (PostgreSQL, three services).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "apphost";
}
