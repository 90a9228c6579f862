using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SummaryReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastSummaryFor",
                table: "UserStates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "UserStates",
                type: "character varying(200)",
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
