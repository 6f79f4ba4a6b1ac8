namespace Prometei.Fakes.Control;

/// <summary>A fresh single-use authorization code (<c>POST /_control/amocrm/authorization-codes</c>).</summary>
public sealed record IssuedAuthorizationCode(string Code);
