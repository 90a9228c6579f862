using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LastSuccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastSuccessAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            // The jobs that ran before: their newest run that made its backup, from the history kept.
            migrationBuilder.Sql("""
                UPDATE "BackupJobs" SET "LastSuccessAt" = (
                    SELECT MAX(r."EndedAt") FROM "BackupRuns" r
                    WHERE r."JobKey" = "BackupJobs"."GrainKey" AND r."Operation" = 'Backup' AND r."Status" IN ('Success', 'Warning'))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastSuccessAt",
                table: "BackupJobs");
        }
    }
}
