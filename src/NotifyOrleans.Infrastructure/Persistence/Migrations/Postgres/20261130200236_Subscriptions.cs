using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Subscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QuietHours",
                table: "UserStates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subscriptions",
                table: "UserStates",
                type: "character varying(40000)",
                maxLength: 40000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "HeldFor",
                table: "OutboxMessages",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages",
                columns: new[] { "HeldFor", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_HeldFor_Status",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "QuietHours",
                table: "UserStates");

            migrationBuilder.DropColumn(
                name: "Subscriptions",
                table: "UserStates");

            migrationBuilder.DropColumn(
                name: "HeldFor",
                table: "OutboxMessages");
        }
    }
}
