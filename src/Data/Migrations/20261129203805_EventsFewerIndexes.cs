using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventsFewerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_AccountId_LinkCode_Kind",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_AccountId_TemplateId_Kind_OccurredAt",
                table: "Events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Events_AccountId_LinkCode_Kind",
                table: "Events",
                columns: new[] { "AccountId", "LinkCode", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_AccountId_TemplateId_Kind_OccurredAt",
                table: "Events",
                columns: new[] { "AccountId", "TemplateId", "Kind", "OccurredAt" });
        }
    }
}
