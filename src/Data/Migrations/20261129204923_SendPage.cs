using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendPage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Capability",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DomainId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Expanded",
                table: "SendTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ExpiryDays",
                table: "SendTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Fallback",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LinkBase",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkType",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ResolveTaskId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ScheduledAt",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SignatureId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SmsAppId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SmsTemplateId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "StageId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TemplateVersionId",
                table: "SendTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TplId",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TplName",
                table: "SendTasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Trial",
                table: "SendTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Unrenderable",
                table: "SendTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column itself (3.35+): EF's table rebuild needs the SendTasks table in the previous
            // migration's model, which the SmsTemplates migration (made beside the Sending one) does not have.
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"Capability\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"DomainId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"Expanded\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"ExpiryDays\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"Fallback\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"LinkBase\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"LinkType\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"ResolveTaskId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"ScheduledAt\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"SignatureId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"SmsAppId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"SmsTemplateId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"StageId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"TemplateVersionId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"TplId\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"TplName\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"Trial\";");
            migrationBuilder.Sql("ALTER TABLE \"SendTasks\" DROP COLUMN \"Unrenderable\";");
        }
    }
}
