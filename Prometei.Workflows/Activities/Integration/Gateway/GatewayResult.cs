namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>A gateway operation's answer: its value, or an expected refusal (not found, refused) with the gateway's reason.</summary>
public sealed record GatewayResult<T>(T? Value, GatewayRefusal Refusal = GatewayRefusal.None, string? Reason = null)
{
    public bool IsNotFound => Refusal == GatewayRefusal.NotFound;

    public bool IsRefused => Refusal == GatewayRefusal.Refused;

    public static GatewayResult<T> Ok(T value) => new(value);
}
