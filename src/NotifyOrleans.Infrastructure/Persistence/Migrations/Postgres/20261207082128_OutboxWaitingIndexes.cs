using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxWaitingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ChannelId_Status_Priority_NextAttemptAt_Id",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_ChannelId_ClaimedUntil",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ChannelId_NextAttemptAt_ClaimedUntil",
                table: "OutboxMessages",
                columns: new[] { "ChannelId", "NextAttemptAt", "ClaimedUntil" },
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ChannelId_Priority_NextAttemptAt_Id",
                table: "OutboxMessages",
                columns: new[] { "ChannelId", "Priority", "NextAttemptAt", "Id" },
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages",
                columns: new[] { "HeldFor", "Status" },
                filter: "\"HeldFor\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ChannelId_NextAttemptAt_ClaimedUntil",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ChannelId_Priority_NextAttemptAt_Id",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ChannelId_Status_Priority_NextAttemptAt_Id",
                table: "OutboxMessages",
                columns: new[] { "ChannelId", "Status", "Priority", "NextAttemptAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages",
                columns: new[] { "HeldFor", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_ChannelId_ClaimedUntil",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt", "ChannelId", "ClaimedUntil" });
        }
    }
}
