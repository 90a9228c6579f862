using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PausedMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PausedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PausedBy",
                table: "BackupJobs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PausedUntil",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResumedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
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
