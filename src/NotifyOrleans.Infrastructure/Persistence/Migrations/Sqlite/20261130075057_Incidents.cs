using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Escalation",
                table: "BackupJobs",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalationsFired",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FailingSince",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailureNotifiedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailureRepeatMs",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailuresBeforeAlert",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1); // jobs from before alerted on the first failure

            migrationBuilder.AddColumn<long>(
                name: "MaxDurationMs",
                table: "BackupJobs",
                type: "INTEGER",
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
