using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Prometei.ServiceDefaults.Resilience;

namespace Prometei.ServiceDefaults.Tests.Resilience;

public sealed class ResilienceHandlerTests : IDisposable
{
    private static readonly Uri s_backend = new("http://backend.test/");

    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Fact]
    public async Task Get_ServiceUnavailableThenOk_RetriesAndReturnsOk()
    {
        var backend = new StubHttpHandler(call => Status(call == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        using var client = CreateClient(backend);

        using var response = await client.GetAsync(new Uri("items", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Get_TransientStatusEveryTime_StopsAfterMaxRetries(HttpStatusCode status)
    {
        var backend = new StubHttpHandler(_ => Status(status));
        using var client = CreateClient(backend, o => o.MaxRetryAttempts = 2);

        using var response = await client.GetAsync(new Uri("items", UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(3, backend.Calls);
    }

    [Fact]
    public async Task Get_NotFound_IsNotRetried()
    {
        var backend = new StubHttpHandler(_ => Status(HttpStatusCode.NotFound));
        using var client = CreateClient(backend);

        using var response = await client.GetAsync(new Uri("items", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task Get_HttpRequestException_IsRetried()
    {
        var backend = new StubHttpHandler((_, call, _) => call == 1
            ? throw new HttpRequestException("connection reset")
            : Task.FromResult(Status(HttpStatusCode.OK)));
        using var client = CreateClient(backend);

        using var response = await client.GetAsync(new Uri("items", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Calls);
    }

    [Fact]
    public async Task Get_ServiceUnavailableWithRetryAfterSeconds_WaitsThatLong()
    {
        var waited = await WaitBeforeRetryAsync(HttpStatusCode.ServiceUnavailable, _ => new(TimeSpan.FromSeconds(8)));

        // The backoff alone would wait about a millisecond here; the default cap is 10 s.
        Assert.InRange(waited, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8) + Step);
    }

    [Fact]
    public async Task Get_TooManyRequestsWithRetryAfterDate_WaitsUntilThatDate()
    {
        var waited = await WaitBeforeRetryAsync(HttpStatusCode.TooManyRequests, now => new(now.AddSeconds(6)));

        Assert.InRange(waited, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6) + Step);
    }

    [Fact]
    public async Task Get_RetryAfterAboveMaxRetryAfter_WaitsOnlyTheMaximum()
    {
        var waited = await WaitBeforeRetryAsync(
            HttpStatusCode.ServiceUnavailable,
            _ => new(TimeSpan.FromHours(5)),
            o => o.MaxRetryAfter = TimeSpan.FromSeconds(3));

        Assert.InRange(waited, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + Step);
    }

    [Fact]
    public async Task Post_ServiceUnavailableWithoutIdempotencyKey_IsNotRetried()
    {
        var backend = new StubHttpHandler(_ => Status(HttpStatusCode.ServiceUnavailable));
        using var client = CreateClient(backend);

        using var response = await client.PostAsync(new Uri("leads", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task Patch_AttemptTimeoutWithoutIdempotencyKey_IsNotRetried()
    {
        var backend = new StubHttpHandler(async (_, _, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return Status(HttpStatusCode.OK);
        });
        using var client = CreateClient(backend, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAsync<TimeoutRejectedException>(
            () => client.PatchAsync(new Uri("leads/1", UriKind.Relative), new StringContent("{}")));
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task Post_ServiceUnavailableWithIdempotencyKey_IsRetriedWithTheSameBody()
    {
        var backend = new StubHttpHandler(call => Status(call == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.Created));
        using var client = CreateClient(backend);
        // A pipe's stream can be read once only, so a second send works only if the handler buffered the body.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"name":"lead"}"""));
        await pipe.Writer.CompleteAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("leads", UriKind.Relative))
        {
            Content = new StreamContent(pipe.Reader.AsStream()),
        };
        request.Headers.Add(PrometeiResilienceOptions.IdempotencyKeyHeader, "order-42");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["""{"name":"lead"}""", """{"name":"lead"}"""], backend.RequestBodies);
    }

    [Fact]
    public async Task Post_ConnectionRefused_IsRetried()
    {
        var backend = new StubHttpHandler((_, call, _) => call == 1
            ? throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))
            : Task.FromResult(Status(HttpStatusCode.Created)));
        using var client = CreateClient(backend);

        using var response = await client.PostAsync(new Uri("leads", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, backend.Calls);
    }

    [Fact]
    public async Task Post_ConnectionResetAfterSending_IsNotRetried()
    {
        var backend = new StubHttpHandler((_, _, _) =>
            throw new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)));
        using var client = CreateClient(backend);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => client.PostAsync(new Uri("leads", UriKind.Relative), new StringContent("{}")));
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task Post_RetryNonIdempotentEnabled_IsRetried()
    {
        var backend = new StubHttpHandler(call => Status(call == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.Created));
        using var client = CreateClient(backend, o => o.RetryNonIdempotent = true);

        using var response = await client.PostAsync(new Uri("leads", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, backend.Calls);
    }

    [Fact]
    public async Task Get_FirstAttemptTimesOut_RetriesAndReturnsOk()
    {
        var backend = new StubHttpHandler(async (_, call, token) =>
        {
            if (call == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), token);
            }

            return Status(HttpStatusCode.OK);
        });
        using var client = CreateClient(backend, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri("items", UriKind.Relative));
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Calls);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_TotalTimeoutElapses_ThrowsTimeoutRejected()
    {
        var backend = new StubHttpHandler(async (_, _, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return Status(HttpStatusCode.OK);
        });
        using var client = CreateClient(backend, o =>
        {
            o.TotalRequestTimeout = TimeSpan.FromMilliseconds(300);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
        });

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetAsync(new Uri("items", UriKind.Relative)));
        stopwatch.Stop();

        Assert.Equal(1, backend.Calls);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Get_FailuresReachMinimumThroughput_OpensCircuitAndStopsCallingBackend()
    {
        var backend = new StubHttpHandler(_ => Status(HttpStatusCode.InternalServerError));
        using var client = CreateClient(backend, o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });

        // Two failed attempts open the circuit; the retry that follows is rejected by it and not retried again.
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(new Uri("items", UriKind.Relative)));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(new Uri("items", UriKind.Relative)));

        Assert.Equal(2, backend.Calls);
    }

    [Fact]
    public async Task Get_CircuitOpen_SharedByClientsOfTheSameName()
    {
        var backend = new StubHttpHandler(_ => Status(HttpStatusCode.InternalServerError));
        var services = CreateServices(backend, o =>
        {
            o.MaxRetryAttempts = 0;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var factory = services.GetRequiredService<IHttpClientFactory>();

        for (var i = 0; i < 2; i++)
        {
            using var client = factory.CreateClient("backend");
            using var failed = await client.GetAsync(new Uri("items", UriKind.Relative));
        }

        using var another = factory.CreateClient("backend");
        await Assert.ThrowsAsync<BrokenCircuitException>(() => another.GetAsync(new Uri("items", UriKind.Relative)));
        Assert.Equal(2, backend.Calls);
    }

    /// <summary>How far the fake clock moves at a time while a test waits for a retry.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The time on a fake clock between a GET whose first answer carries a Retry-After and its retry: the clock moves in
    /// steps until the retry is sent, so nothing waits on the real clock.
    /// </summary>
    private async Task<TimeSpan> WaitBeforeRetryAsync(
        HttpStatusCode status,
        Func<DateTimeOffset, RetryConditionHeaderValue> retryAfter,
        Action<PrometeiResilienceOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var sent = new ConcurrentQueue<DateTimeOffset>();
        var backend = new StubHttpHandler(call =>
        {
            sent.Enqueue(time.GetUtcNow());
            return call == 1 ? WithRetryAfter(status, retryAfter(time.GetUtcNow())) : Status(HttpStatusCode.OK);
        });
        using var client = CreateServices(backend, configure, time).GetRequiredService<IHttpClientFactory>().CreateClient("backend");

        var get = client.GetAsync(new Uri("items", UriKind.Relative));
        for (var steps = 0; !get.IsCompleted && steps < 100_000; steps++)
        {
            await Task.Delay(1);   // lets the pipeline reach its next timer
            time.Advance(Step);
        }

        using var response = await get;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Calls);
        var times = sent.ToArray();
        return times[1] - times[0];
    }

    private HttpClient CreateClient(StubHttpHandler backend, Action<PrometeiResilienceOptions>? configure = null) =>
        CreateServices(backend, configure).GetRequiredService<IHttpClientFactory>().CreateClient("backend");

    private ServiceProvider CreateServices(StubHttpHandler backend, Action<PrometeiResilienceOptions>? configure, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddHttpClient("backend", http =>
            {
                http.BaseAddress = s_backend;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPrometeiResilience(options =>
            {
                // Keep the suite fast; each test sets what it measures.
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                configure?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => backend);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static HttpResponseMessage Status(HttpStatusCode status) => new(status);

    private static HttpResponseMessage WithRetryAfter(HttpStatusCode status, RetryConditionHeaderValue retryAfter)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }
}
