namespace Prometei.AppHost.Hosting;

/// <summary>Something the AppHost starts, provides or shows on the dashboard: a process, a server, a database (Aspire's <c>IResource</c>).</summary>
public interface IResource
{
    /// <summary>The resource's name: its key in <c>ConnectionStrings__{name}</c>, <c>services__{name}__…</c> and on the dashboard.</summary>
    string Name { get; }
}
