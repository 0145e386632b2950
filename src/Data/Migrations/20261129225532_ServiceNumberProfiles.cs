using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceNumberProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AuthorizationImageIds",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTime>(
                name: "FrozenAt",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LogoImageId",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OnlineAt",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingProfile",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Signatures",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTime>(
                name: "UrgedAt",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ServiceHomepages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    LiveContent = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ApproveState = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ReviewDesc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OnlineAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UrgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceHomepages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceHomepages_ServiceNumbers_ServiceNumberId",
                        column: x => x.ServiceNumberId,
                        principalTable: "ServiceNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceImages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceImages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceHomepages_ServiceNumberId",
                table: "ServiceHomepages",
                column: "ServiceNumberId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceImages_AccountId_Type_CreatedAt",
                table: "ServiceImages",
                columns: new[] { "AccountId", "Type", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceImages_FileId",
                table: "ServiceImages",
                column: "FileId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceHomepages");

            migrationBuilder.DropTable(
                name: "ServiceImages");

            migrationBuilder.DropColumn(
                name: "AuthorizationImageIds",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "FrozenAt",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "LogoImageId",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "OnlineAt",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "PendingProfile",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "Signatures",
                table: "ServiceNumbers");

            migrationBuilder.DropColumn(
                name: "UrgedAt",
                table: "ServiceNumbers");
        }
    }
}
