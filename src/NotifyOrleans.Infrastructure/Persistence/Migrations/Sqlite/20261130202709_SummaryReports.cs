using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SummaryReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastSummaryFor",
                table: "UserStates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "UserStates",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastSummaryFor",
                table: "UserStates");

            migrationBuilder.DropColumn(
                name: "Summary",
                table: "UserStates");
        }
    }
}
