using NotifyOrleans.Domain.Grains.BackupJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyOrleans.Infrastructure.Delivery;

namespace NotifyOrleans.Infrastructure.Persistence.Configurations;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(r => r.Recipient).HasMaxLength(256);
        builder.Property(r => r.DedupKey).HasMaxLength(OutboxMessage.DedupKeyMaxLength);
        builder.Property(r => r.EventType).HasMaxLength(64);
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.Property(r => r.JobKey).HasMaxLength(JobKey.MaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.LastError).HasMaxLength(2000);
        // The same event never enqueues twice for a channel and recipient.
        builder.HasIndex(r => new { r.ChannelId, r.Recipient, r.DedupKey }).IsUnique();
        // The dispatchers' queue: two indexes of the waiting rows alone. Partial, so a row leaves them
        // when it is sent. PostgreSQL writes a new version of the row at each update, with an entry in
        // every index that holds it: marking a row sent added one to each of the outbox's seven indexes,
        // and the queue's kept the dead entries of every sent row until a vacuum, which each look for
        // due rows read again (docs/benchmarks.md, 2026-12-07). SQLite deletes a row's entries instead.
        //
        // Whether a channel has rows due: one look per channel, its due range read from this index
        // alone, without a look at each row or at the rows put off (a backlog of 32,000 rows took 29 ms
        // per look on SQLite, and the dispatcher looks at every poll).
        builder.HasIndex(r => new { r.ChannelId, r.NextAttemptAt, r.ClaimedUntil }).HasFilter(WaitingRows.Filter);
        // One channel's next batch, in the order it is sent: a claim reads its first rows and stops.
        // Through an index by due time, each claim visited every due row of every channel and sorted
        // them: 31 ms per claim of 100 with 32,000 waiting, so a backlog drained in O(n²).
        builder.HasIndex(r => new { r.ChannelId, r.Priority, r.NextAttemptAt, r.Id }).HasFilter(WaitingRows.Filter);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => r.JobKey);
        builder.Property(r => r.HeldFor).HasMaxLength(450);
        // Only rows held by quiet hours have a HeldFor: the others, nearly all, need no entry.
        builder.HasIndex(r => new { r.HeldFor, r.Status }).HasFilter("\"HeldFor\" IS NOT NULL");
    }
}
