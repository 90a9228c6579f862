using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PausedMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PausedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PausedBy",
                table: "BackupJobs",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PausedUntil",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResumedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "PausedBy",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "PausedUntil",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "ResumedAt",
                table: "BackupJobs");
        }
    }
}
