using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Domain.Grains.Users;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class UserStateConfiguration : IEntityTypeConfiguration<UserState>
{
    public void Configure(EntityTypeBuilder<UserState> builder)
    {
        builder.ToTable("UserStates");
        builder.HasGrainKeyAndVersion();
        builder.Property(state => state.TimeZoneId).HasMaxLength(64);
    }
}
