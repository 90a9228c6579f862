using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

/// <summary>Keeps the columns the key ring has had since the first migration (both always written).</summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.Property(key => key.FriendlyName).HasMaxLength(200).IsRequired();
        builder.Property(key => key.Xml).IsRequired();
    }
}
