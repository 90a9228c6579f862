using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JobSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AcknowledgeComment",
                table: "BackupJobs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AcknowledgedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgedBy",
                table: "BackupJobs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpectedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "GraceMs",
                table: "BackupJobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OverdueAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OverdueNotifiedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueRepeatMs",
                table: "BackupJobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OverdueSince",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Schedule",
                table: "BackupJobs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ScheduleSetAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BackupJobs_OverdueAt",
                table: "BackupJobs",
                column: "OverdueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BackupJobs_OverdueAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "AcknowledgeComment",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "AcknowledgedAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "AcknowledgedBy",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "ExpectedAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "GraceMs",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "OverdueAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "OverdueNotifiedAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "OverdueRepeatMs",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "OverdueSince",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "Schedule",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "ScheduleSetAt",
                table: "BackupJobs");
        }
    }
}
