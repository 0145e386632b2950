using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class H5Tokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PublicToken",
                table: "AimTemplateVersions",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql(BackfillSql);

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplateVersions_PublicToken",
                table: "AimTemplateVersions",
                column: "PublicToken",
                unique: true);
        }

        /// <summary>
        /// Gives every existing version its token: 18 random bytes as 24 base64url characters, as H5Token.New makes them.
        /// SQLite has no base64, so each 3 hex digits (12 bits) of hex(randomblob(18)) become 2 characters of the alphabet.
        /// </summary>
        public static string BackfillSql
        {
            get
            {
                const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                string Digit(int at) => $"(instr('0123456789ABCDEF', substr(b.h, {at}, 1)) - 1)";
                var chars = Enumerable.Range(0, 12).Select(g =>
                {
                    var value = $"({Digit(g * 3 + 1)} * 256 + {Digit(g * 3 + 2)} * 16 + {Digit(g * 3 + 3)})";
                    return $"substr('{alphabet}', {value} / 64 + 1, 1) || substr('{alphabet}', {value} % 64 + 1, 1)";
                });
                return $"""
                    CREATE TEMP TABLE "H5TokenBackfill" AS SELECT "Id", hex(randomblob(18)) AS h FROM "AimTemplateVersions";
                    UPDATE "AimTemplateVersions" SET "PublicToken" =
                        (SELECT {string.Join(" || ", chars)} FROM "H5TokenBackfill" b WHERE b."Id" = "AimTemplateVersions"."Id");
                    DROP TABLE "H5TokenBackfill";
                    """;
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AimTemplateVersions_PublicToken",
                table: "AimTemplateVersions");

            migrationBuilder.DropColumn(
                name: "PublicToken",
                table: "AimTemplateVersions");
        }
    }
}
