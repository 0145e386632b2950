using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KooMessage.Console.Data;

/// <summary>Times are stored as UTC; SQLite forgets the kind, so it is restored on read.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
