using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class BillingMetering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Plain",
                table: "SendMessages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.InsertData(
                table: "PackageSpecs",
                columns: new[] { "Id", "CreatedAt", "Family", "Name", "OnSale", "PriceFen", "Units", "ValidityMonths", "Version" },
                values: new object[,]
                {
                    { new Guid("0195b0c0-0001-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, "1万条", true, 40000L, 10000L, 12, 0 },
                    { new Guid("0195b0c0-0001-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, "10万条", true, 380000L, 100000L, 12, 0 },
                    { new Guid("0195b0c0-0001-7000-8000-000000000003"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, "100万条", true, 3500000L, 1000000L, 12, 0 },
                    { new Guid("0195b0c0-0002-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 2, "1万条", true, 50000L, 10000L, 12, 0 },
                    { new Guid("0195b0c0-0002-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 2, "10万条", true, 480000L, 100000L, 12, 0 },
                    { new Guid("0195b0c0-0002-7000-8000-000000000003"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 2, "100万条", true, 4500000L, 1000000L, 12, 0 },
                    { new Guid("0195b0c0-0003-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 3, "1万条", true, 55000L, 10000L, 12, 0 },
                    { new Guid("0195b0c0-0003-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 3, "10万条", true, 530000L, 100000L, 12, 0 },
                    { new Guid("0195b0c0-0003-7000-8000-000000000003"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 3, "100万条", true, 5000000L, 1000000L, 12, 0 },
                    { new Guid("0195b0c0-0004-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 4, "10万条", true, 400000L, 100000L, 12, 0 },
                    { new Guid("0195b0c0-0004-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 4, "100万条", true, 3800000L, 1000000L, 12, 0 },
                    { new Guid("0195b0c0-0005-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 5, "30万次", true, 150000L, 300000L, 12, 0 },
                    { new Guid("0195b0c0-0005-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 5, "100万次", true, 450000L, 1000000L, 12, 0 }
                });

            migrationBuilder.InsertData(
                table: "UnitPrices",
                columns: new[] { "Id", "CreatedAt", "CreatedBy", "EffectiveFrom", "Item", "Price" },
                values: new object[,]
                {
                    { new Guid("0195b0c0-0100-7000-8000-000000000001"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, 500L },
                    { new Guid("0195b0c0-0100-7000-8000-000000000002"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 2, 550L },
                    { new Guid("0195b0c0-0100-7000-8000-000000000003"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 3, 600L },
                    { new Guid("0195b0c0-0100-7000-8000-000000000004"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 4, 450L },
                    { new Guid("0195b0c0-0100-7000-8000-000000000005"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 5, 400L },
                    { new Guid("0195b0c0-0100-7000-8000-000000000006"), new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 6, 60L }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0001-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0001-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0001-7000-8000-000000000003"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0002-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0002-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0002-7000-8000-000000000003"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0003-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0003-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0003-7000-8000-000000000003"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0004-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0004-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0005-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "PackageSpecs",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0005-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000003"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000004"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000005"));

            migrationBuilder.DeleteData(
                table: "UnitPrices",
                keyColumn: "Id",
                keyValue: new Guid("0195b0c0-0100-7000-8000-000000000006"));

            migrationBuilder.DropColumn(
                name: "Plain",
                table: "SendMessages");
        }
    }
}
