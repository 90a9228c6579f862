using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AcknowledgedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgedBy",
                table: "BackupJobs",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ExpectedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "GraceMs",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueNotifiedAt",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueRepeatMs",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueSince",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Schedule",
                table: "BackupJobs",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "ScheduleSetAt",
                table: "BackupJobs",
                type: "INTEGER",
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
