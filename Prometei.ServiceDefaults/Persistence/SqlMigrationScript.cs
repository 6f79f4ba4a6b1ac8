namespace Prometei.ServiceDefaults.Persistence;

/// <summary>One numbered migration: its id (the file name without <c>.sql</c>, e.g. <c>0001_initial</c>) and its SQL.</summary>
/// <param name="Id">Starts with the number that orders it; recorded in the <c>__migrations</c> table once applied.</param>
/// <param name="Sql">One or more statements, run in one transaction. No BEGIN/COMMIT and nothing that can't run in a transaction.</param>
public sealed record SqlMigrationScript(string Id, string Sql);
