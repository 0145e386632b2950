using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReviewTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewTickets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Desk = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    StateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UrgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IsUrged = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewTickets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewTickets_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTickets_AccountId",
                table: "ReviewTickets",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTickets_Kind_ItemId_Desk",
                table: "ReviewTickets",
                columns: new[] { "Kind", "ItemId", "Desk" },
                unique: true,
                filter: "\"State\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTickets_State_IsUrged_SubmittedAt",
                table: "ReviewTickets",
                columns: new[] { "State", "IsUrged", "SubmittedAt" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTickets_State_Kind_IsUrged_SubmittedAt",
                table: "ReviewTickets",
                columns: new[] { "State", "Kind", "IsUrged", "SubmittedAt" },
                descending: new[] { false, false, true, false });

            // Whatever waits when the console is upgraded gets its ticket, so no queue empties. Literal kinds and
            // state keys: this is the data as it stood at this migration (FilingStatus.Reviewing = 1,
            // SmsAppStatus.Created = 0, SignatureStatus PendingReview/Processing/PendingActivate = 0/1/5).
            migrationBuilder.Sql("""
                INSERT INTO "ReviewTickets" ("AccountId", "Kind", "ItemId", "Desk", "Title", "StateKey", "SubmittedAt", "UrgedAt", "IsUrged", "State")
                SELECT "AccountId", 'filing', "Id", 'platform', "Name", 'FilingStatus.Reviewing', COALESCE("SubmittedAt", "UpdatedAt"), NULL, 0, 0
                FROM "Enterprises" WHERE "Status" = 1;

                INSERT INTO "ReviewTickets" ("AccountId", "Kind", "ItemId", "Desk", "Title", "StateKey", "SubmittedAt", "UrgedAt", "IsUrged", "State")
                SELECT "AccountId", 'sms_app', "Id", 'platform', "Name", 'SmsAppStatus.Created', "CreatedAt", NULL, 0, 0
                FROM "SmsApps" WHERE "Status" = 0;

                INSERT INTO "ReviewTickets" ("AccountId", "Kind", "ItemId", "Desk", "Title", "StateKey", "SubmittedAt", "UrgedAt", "IsUrged", "State")
                SELECT "AccountId", 'signature', "Id", 'platform', '【' || "Name" || '】',
                       CASE "Status" WHEN 0 THEN 'SignatureStatus.PendingReview' WHEN 1 THEN 'SignatureStatus.Processing' ELSE 'SignatureStatus.PendingActivate' END,
                       "SubmittedAt", "UrgedAt", "UrgedAt" IS NOT NULL, 0
                FROM "Signatures" WHERE "Status" IN (0, 1, 5);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewTickets");
        }
    }
}
