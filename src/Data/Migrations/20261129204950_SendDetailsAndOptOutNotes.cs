using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendDetailsAndOptOutNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "OptOuts",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "OptOuts",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_SendMessages_AccountId_SubmittedAt",
                table: "SendMessages",
                columns: new[] { "AccountId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SendMessages_TaskId_SubmittedAt",
                table: "SendMessages",
                columns: new[] { "TaskId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OptOuts_AccountId_CreatedAt",
                table: "OptOuts",
                columns: new[] { "AccountId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The previous migration's model lacks OptOuts (it was written on a branch without it), so EF cannot rebuild
            // the table to drop a column: SQLite 3.35+ drops an unindexed column itself.
            migrationBuilder.DropIndex(
                name: "IX_SendMessages_AccountId_SubmittedAt",
                table: "SendMessages");

            migrationBuilder.DropIndex(
                name: "IX_SendMessages_TaskId_SubmittedAt",
                table: "SendMessages");

            migrationBuilder.DropIndex(
                name: "IX_OptOuts_AccountId_CreatedAt",
                table: "OptOuts");

            migrationBuilder.Sql("ALTER TABLE \"OptOuts\" DROP COLUMN \"CreatedBy\";");

            migrationBuilder.Sql("ALTER TABLE \"OptOuts\" DROP COLUMN \"Note\";");
        }
    }
}
