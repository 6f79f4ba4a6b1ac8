using System.Net;
using System.Net.Sockets;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>Decides whether a failure is worth another attempt.</summary>
public static class ActivityFailure
{
    /// <summary>
    /// Transient: timeouts, connection failures, 408, 429 and 5xx answers. Permanent: bad expressions, validation, other 4xx,
    /// and anything unrecognised (a bug does not fix itself by waiting).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ActivityException a => a.IsTransient,
        ExpressionException => false,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } code } => IsTransientStatus(code),
        TimeoutException or TaskCanceledException or OperationCanceledException => true,
        SocketException or IOException => true,
        AggregateException agg when agg.InnerExceptions.Count > 0 => agg.InnerExceptions.All(IsTransient),
        _ => false,
    };

    public static bool IsTransientStatus(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;
}
