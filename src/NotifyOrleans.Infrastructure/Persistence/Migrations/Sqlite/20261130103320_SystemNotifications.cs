using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SystemNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastSystemErrorAt",
                table: "Channels");

            migrationBuilder.AddColumn<string>(
                name: "Details",
                table: "SystemEvents",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FaultKey",
                table: "SystemEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JobName",
                table: "SystemEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Notified",
                table: "SystemEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RouteJson",
                table: "SystemEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServerName",
                table: "SystemEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Events recorded before this version were never sent; sending them now would announce
            // old logins as new. They count as processed, with the reason on their page.
            migrationBuilder.Sql("""
                UPDATE "SystemEvents" SET "ProcessedAt" = "OccurredAt",
                    "RouteJson" = '{"deliveries":[],"notTold":["Recorded before system notifications were sent."]}'
                WHERE "ProcessedAt" IS NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_SystemEvents_Type_FaultKey_Id",
                table: "SystemEvents",
                columns: new[] { "Type", "FaultKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SystemEvents_Type_OccurredAt",
                table: "SystemEvents",
                columns: new[] { "Type", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SystemEvents_Type_UserId_OccurredAt",
                table: "SystemEvents",
                columns: new[] { "Type", "UserId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SystemEvents_Type_FaultKey_Id",
                table: "SystemEvents");

            migrationBuilder.DropIndex(
                name: "IX_SystemEvents_Type_OccurredAt",
                table: "SystemEvents");

            migrationBuilder.DropIndex(
                name: "IX_SystemEvents_Type_UserId_OccurredAt",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "Details",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "FaultKey",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "JobName",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "Notified",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "RouteJson",
                table: "SystemEvents");

            migrationBuilder.DropColumn(
                name: "ServerName",
                table: "SystemEvents");

            migrationBuilder.AddColumn<long>(
                name: "LastSystemErrorAt",
                table: "Channels",
                type: "INTEGER",
                nullable: true);
        }
    }
}
