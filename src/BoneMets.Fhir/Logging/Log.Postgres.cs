using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Logging;

/// <summary>The PostgreSQL store and its migrations (1020–1029, ADR 0019). Hosts and databases, never passwords.</summary>
internal static partial class Log
{
    [LoggerMessage(1020, LogLevel.Information, "PostgreSQL schema migrated: {Count} script(s) applied, now at {Latest}")]
    public static partial void MigrationsApplied(ILogger logger, int count, string latest);

    [LoggerMessage(1021, LogLevel.Information, "PostgreSQL schema up to date at {Latest}")]
    public static partial void MigrationsUpToDate(ILogger logger, string latest);

    [LoggerMessage(1022, LogLevel.Information, "PostgreSQL store opened: {Location}")]
    public static partial void PostgresStoreOpened(ILogger logger, string location);
}
