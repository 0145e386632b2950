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
            migrationBuilder.DropColumn(
                name: "Capability",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "DomainId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "Expanded",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "ExpiryDays",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "Fallback",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "LinkBase",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "LinkType",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "ResolveTaskId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "ScheduledAt",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "SignatureId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "SmsAppId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "SmsTemplateId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "StageId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "TemplateVersionId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "TplId",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "TplName",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "Trial",
                table: "SendTasks");

            migrationBuilder.DropColumn(
                name: "Unrenderable",
                table: "SendTasks");
        }
    }
}
