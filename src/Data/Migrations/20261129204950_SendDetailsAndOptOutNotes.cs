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
            migrationBuilder.DropIndex(
                name: "IX_SendMessages_AccountId_SubmittedAt",
                table: "SendMessages");

            migrationBuilder.DropIndex(
                name: "IX_SendMessages_TaskId_SubmittedAt",
                table: "SendMessages");

            migrationBuilder.DropIndex(
                name: "IX_OptOuts_AccountId_CreatedAt",
                table: "OptOuts");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "OptOuts");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "OptOuts");
        }
    }
}
