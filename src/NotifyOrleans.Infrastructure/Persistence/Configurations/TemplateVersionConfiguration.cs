using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.Notifications.Templates;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class TemplateVersionConfiguration : IEntityTypeConfiguration<TemplateVersion>
{
    public void Configure(EntityTypeBuilder<TemplateVersion> builder)
    {
        builder.ToTable("TemplateVersions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.EventType).HasMaxLength(64);
        builder.Property(t => t.Title).HasMaxLength(TemplateVersion.TitleMaxLength);
        builder.Property(t => t.Body).HasMaxLength(TemplateVersion.BodyMaxLength);
        builder.Property(t => t.Tags).HasMaxLength(TemplateVersion.TagsMaxLength);
        builder.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.HtmlBody).HasMaxLength(TemplateVersion.HtmlBodyMaxLength);
        builder.Property(t => t.Fields).HasMaxLength(TemplateVersion.FieldsMaxLength);
        builder.Property(t => t.SavedBy).HasMaxLength(256);
        builder.HasIndex(t => new { t.EventType, t.Version }).IsUnique();
    }
}
