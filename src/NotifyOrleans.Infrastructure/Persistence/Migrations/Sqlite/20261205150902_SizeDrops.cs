using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SizeDrops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FileCountBaseline",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SizeBaselineBytes",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SizeDropPercent",
                table: "BackupJobs",
                type: "INTEGER",
                nullable: true);

            // Jobs that reported before are compared with their last run from the first run after the upgrade.
            migrationBuilder.Sql("UPDATE \"BackupJobs\" SET \"SizeBaselineBytes\" = \"LastSizeBytes\", \"FileCountBaseline\" = \"LastFileCount\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FileCountBaseline",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "SizeBaselineBytes",
                table: "BackupJobs");

            migrationBuilder.DropColumn(
                name: "SizeDropPercent",
                table: "BackupJobs");
        }
    }
}
