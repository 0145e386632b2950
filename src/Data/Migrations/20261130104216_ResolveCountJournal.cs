using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResolveCountJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResolveCountJournal",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResolveCountJournal", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResolveCountJournal");
        }
    }
}
