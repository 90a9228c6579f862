using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NotifyOrleans.Infrastructure.Persistence.Migrations.Postgres
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
                    ClusterId = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    SiloAddress = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    SiloName = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    HostName = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ProxyPort = table.Column<int>(type: "integer", nullable: false),
                    SuspectTimes = table.Column<string>(type: "text", nullable: false),
                    StartTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IAmAliveTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ETag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterMembers", x => new { x.ClusterId, x.SiloAddress });
                });

            migrationBuilder.CreateTable(
                name: "ClusterVersions",
                columns: table => new
                {
                    ClusterId = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ETag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterVersions", x => x.ClusterId);
                });

            migrationBuilder.CreateTable(
                name: "OrleansReminders",
                columns: table => new
                {
                    GrainId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ReminderName = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    GrainHash = table.Column<long>(type: "bigint", nullable: false),
                    StartAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PeriodMs = table.Column<long>(type: "bigint", nullable: false),
                    ETag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrainKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    GrainType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Period = table.Column<TimeSpan>(type: "interval", nullable: true)
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
