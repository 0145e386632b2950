using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChannelNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChannelNumbers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Signatures = table.Column<string>(type: "TEXT", maxLength: 95, nullable: false),
                    SignCheck = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApproveState = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewDesc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ImportJobId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelNumbers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelNumbers_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChannelBindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Signatures = table.Column<string>(type: "TEXT", maxLength: 95, nullable: false),
                    MerchantName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelBindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelBindings_ChannelNumbers_ChannelNumberId",
                        column: x => x.ChannelNumberId,
                        principalTable: "ChannelNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChannelBindings_ServiceNumbers_ServiceNumberId",
                        column: x => x.ServiceNumberId,
                        principalTable: "ServiceNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChannelNumberFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelNumberFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChannelNumberFiles_ChannelNumbers_ChannelNumberId",
                        column: x => x.ChannelNumberId,
                        principalTable: "ChannelNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelBindings_AccountId_ChannelNumberId",
                table: "ChannelBindings",
                columns: new[] { "AccountId", "ChannelNumberId" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelBindings_ChannelNumberId",
                table: "ChannelBindings",
                column: "ChannelNumberId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelBindings_ServiceNumberId",
                table: "ChannelBindings",
                column: "ServiceNumberId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelNumberFiles_ChannelNumberId",
                table: "ChannelNumberFiles",
                column: "ChannelNumberId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelNumbers_AccountId_Number",
                table: "ChannelNumbers",
                columns: new[] { "AccountId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChannelNumbers_ApproveState",
                table: "ChannelNumbers",
                column: "ApproveState");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChannelBindings");

            migrationBuilder.DropTable(
                name: "ChannelNumberFiles");

            migrationBuilder.DropTable(
                name: "ChannelNumbers");
        }
    }
}
