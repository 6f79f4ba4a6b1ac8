using System.Diagnostics;
using System.Text;
using Prometei.Fakes.Control;
using Prometei.Fakes.Recording;

namespace Prometei.Fakes.Hosting;

/// <summary>
/// Runs in front of every vendor endpoint: records the request, then applies, in order, latency, a dropped connection,
/// a blocked account, injected 429s and 5xx, the vendor's own rate limit and authentication, and finally a lost answer.
/// </summary>
internal sealed class VendorMiddleware(RequestDelegate next, FakeVendorsState state, IEnumerable<IVendorGate> gates)
{
    private const int MaxRecordedBodyChars = 64 * 1024;

    private readonly Dictionary<FakeVendor, IVendorGate> _gates = gates.ToDictionary(g => g.Vendor);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!FakeVendorPaths.TryMatch(context.Request.Path.Value ?? "/", out var vendor, out var vendorPath))
        {
            await next(context);
            return;
        }

        var runtime = state.For(vendor);
        var gate = _gates[vendor];
        var arrived = state.Time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var sequence = state.NextSequence();
        var body = await ReadBodyAsync(context.Request, vendorPath);
        string? fault = null;
        var aborted = false;
        try
        {
            var faults = runtime.Faults.Settings;
            var decision = runtime.Faults.Decide(context.Request.Method, vendorPath, context.Request.QueryString.Value);
            if (decision.Delay > TimeSpan.Zero)
            {
                fault = "latency";
                await Task.Delay(decision.Delay, state.Time, context.RequestAborted);
            }

            if (decision.Timeout)
            {
                // A hanging vendor: a client that gives up first aborts the request (caught below), which is then never handled.
                fault = "timeout";
                await Task.Delay(TimeSpan.FromMilliseconds(faults.TimeoutMs), state.Time, context.RequestAborted);
            }

            if (decision.Drop)
            {
                fault = "drop";
                aborted = true;
                context.Abort();
                return;
            }

            var blocked = await gate.CheckBlockedAsync(context, vendorPath, faults);
            if (!blocked.Passed)
            {
                fault = blocked.Fault ?? fault;
                return;
            }

            if (decision.Storm429 || decision.Random429)
            {
                fault = decision.Storm429 ? "storm-429" : "429";
                await gate.WriteTooManyRequestsAsync(context);
                return;
            }

            if (decision.ServerError is int serverError)
            {
                fault = "5xx";
                await gate.WriteServerErrorAsync(context, serverError);
                return;
            }

            var access = await gate.CheckAccessAsync(context, vendorPath, faults);
            if (!access.Passed)
            {
                fault = access.Fault ?? fault;
                return;
            }

            if (decision.DropResponse)
            {
                // The endpoint runs (its effect happens) into a buffer that is never sent; then the connection is cut.
                var original = context.Response.Body;
                await using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = original;
                }

                fault = "drop-response";
                aborted = true;
                context.Abort();
                return;
            }

            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            aborted = true;
        }
        finally
        {
            runtime.Journal.Add(new RecordedRequest(
                sequence,
                vendor,
                arrived,
                context.Request.Method,
                vendorPath,
                context.Request.QueryString.Value ?? "",
                Redaction.Headers(context.Request.Headers),
                body,
                aborted ? 0 : context.Response.StatusCode,
                fault,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, string vendorPath)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return null;
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var buffer = new char[MaxRecordedBodyChars];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var text = new string(buffer, 0, read);
        return vendorPath.StartsWith("/oauth2/", StringComparison.OrdinalIgnoreCase)
            ? Redaction.Body(text, request.ContentType)
            : text;
    }
}
