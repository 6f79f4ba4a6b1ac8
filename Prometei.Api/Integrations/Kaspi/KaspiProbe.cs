using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>
/// Finds the Kaspi base URL that works from here and checks the token: a one-order list request against each candidate
/// (the configured URL, <c>Kaspi:ProbeCandidates</c>, Kaspi's documented base). Kaspi is reported to time out outside
/// Kazakhstan, so each candidate gets a short timeout.
/// </summary>
public sealed class KaspiProbe(IHttpClientFactory clients, IOptions<KaspiOptions> options, TimeProvider time)
{
    public const string ClientName = "kaspi-probe";

    public async Task<KaspiProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var candidates = new[] { o.BaseUrl }
            .Concat(o.ProbeCandidates)
            .Append(new Uri("https://kaspi.kz/shop/api/v2/"))
            .Select(u => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/"))
            .DistinctBy(u => u.AbsoluteUri)
            .ToList();
        var now = time.GetUtcNow();
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"orders?page[number]=0&page[size]=1&filter[orders][state]=NEW&filter[orders][creationDate][$ge]={now.AddDays(-1).ToUnixTimeMilliseconds()}&filter[orders][creationDate][$le]={now.ToUnixTimeMilliseconds()}");
        using var http = clients.CreateClient(ClientName);
        var results = new List<KaspiProbeCandidate>();
        foreach (var candidate in candidates)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(candidate, query));
                using var response = await http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                var jsonApi = IsJsonApi(text);
                results.Add(new KaspiProbeCandidate(
                    candidate.AbsoluteUri,
                    status,
                    Works: response.IsSuccessStatusCode && jsonApi,
                    TokenAccepted: status is 401 or 403 ? false : response.IsSuccessStatusCode && jsonApi ? true : null,
                    stopwatch.ElapsedMilliseconds,
                    Describe(status, jsonApi)));
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                results.Add(new KaspiProbeCandidate(
                    candidate.AbsoluteUri, null, false, null, stopwatch.ElapsedMilliseconds,
                    ex is OperationCanceledException ? "timed out (Kaspi is reported to answer only from Kazakhstan)" : "unreachable: " + ex.Message));
            }
        }

        var working = results.FirstOrDefault(r => r.Works);
        return new KaspiProbeResult(
            working?.BaseUrl,
            working is not null ? true : results.Any(r => r.TokenAccepted == false) ? false : null,
            string.Equals(working?.BaseUrl, o.BaseUrl.AbsoluteUri, StringComparison.Ordinal),
            results);
    }

    private static bool IsJsonApi(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject json && json["data"] is JsonArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(int status, bool jsonApi) => status switch
    {
        200 when jsonApi => "works: the token is accepted",
        200 => "answered 200 but not with JSON:API",
        401 => "the token is refused (KASPI_API_TOKEN)",
        403 => "the token has no rights or the API is not activated",
        404 => "not found: wrong base URL (or the Accept header was dropped)",
        _ => "answered " + status.ToString(CultureInfo.InvariantCulture),
    };
}
