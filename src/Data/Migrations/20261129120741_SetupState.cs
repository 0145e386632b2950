using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class SetupState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SetupState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AdministratorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SetupState", x => x.Id);
                });

            // A console set up before this migration has its first platform administrator: setup stays done.
            migrationBuilder.Sql("""
                INSERT INTO "SetupState" ("Id", "CompletedAt", "AdministratorId")
                SELECT 1, strftime('%Y-%m-%d %H:%M:%S', 'now'), ur."UserId"
                FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
                WHERE r."Name" = 'PlatformAdmin'
                ORDER BY ur."UserId" LIMIT 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SetupState");
        }
    }
}
