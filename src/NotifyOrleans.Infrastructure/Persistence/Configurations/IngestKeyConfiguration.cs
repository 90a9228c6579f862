using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class IngestKeyConfiguration : IEntityTypeConfiguration<IngestKey>
{
    public void Configure(EntityTypeBuilder<IngestKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(IngestKeys.NameMaxLength);
        builder.Property(k => k.ServerName).HasMaxLength(200);
        builder.Property(k => k.JobName).HasMaxLength(200);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.Prefix).HasMaxLength(20);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
