using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Endpoints;

/// <summary>The normalised phone, how many contacts amoCRM's fuzzy search returned, and those whose PHONE really matches.</summary>
public sealed record ContactSearchResponse(string Phone, int SearchHits, IReadOnlyList<AmoContact> Contacts);
