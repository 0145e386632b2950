using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceNumberModules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AuthorizationImageIds",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

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
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "UrgedAt",
                table: "ServiceNumbers",
                type: "TEXT",
                nullable: true);

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
                name: "ChannelBindings");

            migrationBuilder.DropTable(
                name: "ChannelNumberFiles");

            migrationBuilder.DropTable(
                name: "MenuVersions");

            migrationBuilder.DropTable(
                name: "ServiceHomepages");

            migrationBuilder.DropTable(
                name: "ServiceImages");

            migrationBuilder.DropTable(
                name: "ChannelNumbers");

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

            migrationBuilder.DropColumn(
                name: "Billed",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "MenuAction",
                table: "Events");
        }
    }
}
