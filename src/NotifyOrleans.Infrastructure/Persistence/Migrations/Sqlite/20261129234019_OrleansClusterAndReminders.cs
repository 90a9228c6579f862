using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrleansClusterAndReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Reminders");

            migrationBuilder.CreateTable(
                name: "ClusterMembers",
                columns: table => new
                {
                    ClusterId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    SiloAddress = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    SiloName = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ProxyPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SuspectTimes = table.Column<string>(type: "TEXT", nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: false),
                    IAmAliveTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterMembers", x => new { x.ClusterId, x.SiloAddress });
                });

            migrationBuilder.CreateTable(
                name: "ClusterVersions",
                columns: table => new
                {
                    ClusterId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterVersions", x => x.ClusterId);
                });

            migrationBuilder.CreateTable(
                name: "OrleansReminders",
                columns: table => new
                {
                    GrainId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ReminderName = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    GrainHash = table.Column<long>(type: "INTEGER", nullable: false),
                    StartAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrleansReminders", x => new { x.GrainId, x.ReminderName });
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrleansReminders_GrainHash",
                table: "OrleansReminders",
                column: "GrainHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClusterMembers");

            migrationBuilder.DropTable(
                name: "ClusterVersions");

            migrationBuilder.DropTable(
                name: "OrleansReminders");

            migrationBuilder.CreateTable(
                name: "Reminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GrainKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    GrainType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Period = table.Column<TimeSpan>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reminders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_DueAt",
                table: "Reminders",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_GrainType_GrainKey_Name",
                table: "Reminders",
                columns: new[] { "GrainType", "GrainKey", "Name" },
                unique: true);
        }
    }
}
