using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class CapabilityData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CapabilitySecrets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapabilitySecrets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MobileCapabilities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NumberKey = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Capable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MobileCapabilities", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MobileCapabilities_NumberKey_Vendor",
                table: "MobileCapabilities",
                columns: new[] { "NumberKey", "Vendor" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CapabilitySecrets");

            migrationBuilder.DropTable(
                name: "MobileCapabilities");
        }
    }
}
