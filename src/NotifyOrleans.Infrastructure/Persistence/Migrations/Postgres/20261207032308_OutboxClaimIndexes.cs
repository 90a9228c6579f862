using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxClaimIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_Priority",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ChannelId_Status_Priority_NextAttemptAt_Id",
                table: "OutboxMessages",
                columns: new[] { "ChannelId", "Status", "Priority", "NextAttemptAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_ChannelId_ClaimedUntil",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt", "ChannelId", "ClaimedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ChannelId_Status_Priority_NextAttemptAt_Id",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_ChannelId_ClaimedUntil",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_Priority",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt", "Priority" });
        }
    }
}
