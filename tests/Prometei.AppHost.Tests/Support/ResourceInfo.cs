using System.Text.Json.Nodes;

namespace Prometei.AppHost.Tests.Support;

/// <summary>A resource as the dashboard's <c>GET /api/resources</c> lists it.</summary>
public sealed record ResourceInfo(
    string Name,
    string Kind,
    string State,
    string Health,
    int? ProcessId,
    int? ExitCode,
    string? Detail,
    int Restarts,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyDictionary<string, string> Urls)
{
    public bool IsHealthy => State == "Running" && Health == "Healthy";

    public static ResourceInfo From(JsonNode node) => new(
        (string)node["name"]!,
        (string)node["kind"]!,
        (string)node["state"]!,
        (string)node["health"]!,
        (int?)node["processId"],
        (int?)node["exitCode"],
        (string?)node["detail"],
        (int)node["restarts"]!,
        node["environment"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => (string?)v!["value"]),
        node["endpoints"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => (string)v!["url"]!),
        node["urls"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => (string)v!["url"]!));

    public override string ToString() => $"{Name}: {State}/{Health}" + (ExitCode is null ? "" : $" exit {ExitCode}") + (Detail is null ? "" : $" ({Detail})");
}
