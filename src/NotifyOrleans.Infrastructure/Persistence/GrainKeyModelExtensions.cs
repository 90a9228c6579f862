using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NotifyOrleans.Infrastructure.Persistence;

/// <summary>
/// Grain state classes are plain domain objects; their key and optimistic-concurrency version
/// are shadow properties, so persistence stays out of the domain.
/// </summary>
public static class GrainKeyModelExtensions
{
    public const string KeyProperty = "GrainKey";
    public const string VersionProperty = "Version";
    public const int KeyMaxLength = 256;

    public static EntityTypeBuilder<TState> HasGrainKeyAndVersion<TState>(this EntityTypeBuilder<TState> builder) where TState : class
    {
        builder.Property<string>(KeyProperty).HasMaxLength(KeyMaxLength);
        builder.HasKey(KeyProperty);
        builder.Property<long>(VersionProperty).IsConcurrencyToken();
        return builder;
    }
}
