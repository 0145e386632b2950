using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShortLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShortDomains",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    Path = table.Column<string>(type: "TEXT", maxLength: 41, nullable: false, collation: "BINARY"),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShortDomains", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResolveTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    TplId = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    TplName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DomainId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Generation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MaxResolves = table.Column<int>(type: "INTEGER", nullable: false),
                    Signatures = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CustomUrl = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResolveTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResolveTasks_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ResolveTasks_ShortDomains_DomainId",
                        column: x => x.DomainId,
                        principalTable: "ShortDomains",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShortLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DomainKey = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false, collation: "BINARY"),
                    CustFlag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Values = table.Column<string>(type: "TEXT", nullable: false),
                    NumberHash = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MaxResolves = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShortLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShortLinks_ResolveTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "ResolveTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResolveTasks_AccountId_CreatedAt",
                table: "ResolveTasks",
                columns: new[] { "AccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResolveTasks_DomainId",
                table: "ResolveTasks",
                column: "DomainId");

            migrationBuilder.CreateIndex(
                name: "IX_ShortDomains_Host_Path",
                table: "ShortDomains",
                columns: new[] { "Host", "Path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShortLinks_AccountId_TaskId",
                table: "ShortLinks",
                columns: new[] { "AccountId", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_ShortLinks_DomainKey_Code",
                table: "ShortLinks",
                columns: new[] { "DomainKey", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShortLinks_TaskId",
                table: "ShortLinks",
                column: "TaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShortLinks");

            migrationBuilder.DropTable(
                name: "ResolveTasks");

            migrationBuilder.DropTable(
                name: "ShortDomains");
        }
    }
}
