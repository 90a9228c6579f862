using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class UserStateConfiguration : IEntityTypeConfiguration<UserState>
{
    /// <summary>Public: the compiled model's generated converters read it (they cannot reach a private field).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<UserState> builder)
    {
        builder.ToTable("UserStates");
        builder.HasGrainKeyAndVersion();
        builder.Property(state => state.TimeZoneId).HasMaxLength(64);
        // Small, and read whole by the user's grain: JSON text, the same on both providers.
        builder.Property(state => state.Subscriptions).HasMaxLength(40_000).HasConversion(
            list => JsonSerializer.Serialize(list, Json),
            json => JsonSerializer.Deserialize<List<Subscription>>(json, Json) ?? new List<Subscription>(),
            new ValueComparer<List<Subscription>>((a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (h, s) => HashCode.Combine(h, s)), list => list.ToList()));
        builder.Property(state => state.QuietHours).HasMaxLength(200).HasConversion(
            quiet => JsonSerializer.Serialize(quiet, Json),
            json => JsonSerializer.Deserialize<QuietHours>(json, Json));
        builder.Property(state => state.Summary).HasMaxLength(200).HasConversion(
            summary => JsonSerializer.Serialize(summary, Json),
            json => JsonSerializer.Deserialize<SummarySchedule>(json, Json));
    }
}
