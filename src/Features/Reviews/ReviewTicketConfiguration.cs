using KooMessage.Console.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KooMessage.Console.Features.Reviews;

internal sealed class ReviewTicketConfiguration : IEntityTypeConfiguration<ReviewTicket>
{
    public void Configure(EntityTypeBuilder<ReviewTicket> builder)
    {
        builder.ToTable("ReviewTickets");
        builder.Property(t => t.Kind).HasMaxLength(ReviewTicket.KindMax);
        builder.Property(t => t.Vendor).HasMaxLength(ReviewTicket.DeskMax);
        builder.Property(t => t.Desk).HasMaxLength(ReviewTicket.DeskMax);
        builder.Property(t => t.Title).HasMaxLength(ReviewTicket.TitleMax);
        builder.Property(t => t.StateKey).HasMaxLength(ReviewTicket.StateKeyMax);
        builder.Property(t => t.DecidedBy).HasMaxLength(256);
        builder.Property(t => t.Reason).HasMaxLength(ReviewTicket.ReasonMax);

        // The queue reads open tickets urged first, then oldest, with or without a kind: both orders come straight
        // from an index (SQLite appends the rowid, so the final ORDER BY Id is covered too).
        builder.HasIndex(t => new { t.State, t.IsUrged, t.SubmittedAt }).IsDescending(false, true, false);
        builder.HasIndex(t => new { t.State, t.Kind, t.IsUrged, t.SubmittedAt }).IsDescending(false, false, true, false);

        // One open ticket per item and desk; urging, renaming and withdrawing find it by the item.
        builder.HasIndex(t => new { t.Kind, t.ItemId, t.Desk }).IsUnique().HasFilter("\"State\" = 0");
        // The review dialog reads an item's earlier decisions.
        builder.HasIndex(t => new { t.Kind, t.ItemId });
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
