using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ConsecutiveFailures",
                table: "BackupJobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Escalation",
                table: "BackupJobs",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalationsFired",
                table: "BackupJobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailingSince",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailureNotifiedAt",
                table: "BackupJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailureRepeatMs",
                table: "BackupJobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailuresBeforeAlert",
                table: "BackupJobs",
                type: "integer",
                nullable: false,
                defaultValue: 1); // jobs from before alerted on the first failure

            migrationBuilder.AddColumn<long>(
                name: "MaxDurationMs",
                table: "BackupJobs",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConsecutiveFailures",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "Escalation",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "EscalationsFired",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "FailureNotifiedAt",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "FailureRepeatMs",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "FailuresBeforeAlert",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "MaxDurationMs",
                table: "BackupJobs");
        }
    }
}
