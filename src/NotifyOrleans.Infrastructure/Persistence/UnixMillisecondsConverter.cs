using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC unix milliseconds, so SQLite can compare and sort it.</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
