using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class FilingDraftsAndReviewHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enterprises_AccountId_CreditCode",
                table: "Enterprises");

            migrationBuilder.AddColumn<bool>(
                name: "Approved",
                table: "ReviewTickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "ReviewTickets",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Industry",
                table: "Enterprises",
                type: "TEXT",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 40);

            migrationBuilder.AlterColumn<string>(
                name: "EnterpriseType",
                table: "Enterprises",
                type: "TEXT",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 40);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTickets_Kind_ItemId",
                table: "ReviewTickets",
                columns: new[] { "Kind", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_AccountId_CreditCode",
                table: "Enterprises",
                columns: new[] { "AccountId", "CreditCode" },
                unique: true,
                filter: "\"CreditCode\" <> ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewTickets_Kind_ItemId",
                table: "ReviewTickets");

            migrationBuilder.DropIndex(
                name: "IX_Enterprises_AccountId_CreditCode",
                table: "Enterprises");

            migrationBuilder.DropColumn(
                name: "Approved",
                table: "ReviewTickets");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "ReviewTickets");

            migrationBuilder.AlterColumn<string>(
                name: "Industry",
                table: "Enterprises",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 40,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "EnterpriseType",
                table: "Enterprises",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 40,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_AccountId_CreditCode",
                table: "Enterprises",
                columns: new[] { "AccountId", "CreditCode" },
                unique: true);
        }
    }
}
