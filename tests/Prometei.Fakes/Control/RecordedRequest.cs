namespace Prometei.Fakes.Control;

/// <summary>
/// One request a vendor received. Secrets are redacted: <c>Authorization</c> keeps its scheme only
/// (<c>Bearer ***</c>), <c>X-Auth-Token</c>, <c>X-Api-Key</c> and cookies are <c>***</c>, and the OAuth body fields
/// <c>client_secret</c>, <c>code</c>, <c>refresh_token</c> are <c>***</c>.
/// </summary>
/// <param name="Sequence">Order of arrival across all vendors.</param>
/// <param name="Vendor">The vendor.</param>
/// <param name="Time">When the request arrived.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path below the vendor prefix, e.g. <c>/api/v4/leads/complex</c> or <c>/shop/api/v2/orders</c>.</param>
/// <param name="Query">The raw query string including <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers (redacted).</param>
/// <param name="Body">The body as text (redacted, cut at 64 KiB), or null when there was none.</param>
/// <param name="Status">The response status; 0 when the connection was aborted.</param>
/// <param name="Fault">The injected fault, if any: <c>latency</c>, <c>drop</c>, <c>drop-response</c>, <c>429</c>, <c>storm-429</c>, <c>5xx</c>, <c>rate-limit</c>, <c>blocked</c>, <c>revoked</c>.</param>
/// <param name="DurationMs">Time spent answering.</param>
public sealed record RecordedRequest(
    long Sequence,
    FakeVendor Vendor,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    int Status,
    string? Fault,
    double DurationMs);
