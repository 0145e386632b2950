using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceMenus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Billed",
                table: "Events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MenuAction",
                table: "Events",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MenuVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    MenuJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReviewDesc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UrgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OnlineAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MenuVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MenuVersions_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MenuVersions_ServiceNumbers_ServiceNumberId",
                        column: x => x.ServiceNumberId,
                        principalTable: "ServiceNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MenuVersions_AccountId_State",
                table: "MenuVersions",
                columns: new[] { "AccountId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_MenuVersions_Live",
                table: "MenuVersions",
                column: "ServiceNumberId",
                unique: true,
                filter: "\"State\" = 2");

            migrationBuilder.CreateIndex(
                name: "IX_MenuVersions_ServiceNumberId_Number",
                table: "MenuVersions",
                columns: new[] { "ServiceNumberId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MenuVersions_Working",
                table: "MenuVersions",
                column: "ServiceNumberId",
                unique: true,
                filter: "\"State\" IN (0, 1, 3)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MenuVersions");

            migrationBuilder.DropColumn(
                name: "Billed",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "MenuAction",
                table: "Events");
        }
    }
}
