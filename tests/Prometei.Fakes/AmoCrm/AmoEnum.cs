namespace Prometei.Fakes.AmoCrm;

/// <summary>An enum (choice) of a custom field; for PHONE/EMAIL the value is the enum code (WORK, MOB, …).</summary>
internal sealed record AmoEnum(long Id, string Value, int Sort);
