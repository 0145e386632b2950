using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class BillingAndReports : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "VisitorId",
                table: "Events",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountDayRollups",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Submissions = table.Column<long>(type: "INTEGER", nullable: false),
                    Sends = table.Column<long>(type: "INTEGER", nullable: false),
                    SendSuccess = table.Column<long>(type: "INTEGER", nullable: false),
                    SupportResolve = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolveSuccess = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDayRollups", x => new { x.AccountId, x.Day });
                    table.ForeignKey(
                        name: "FK_AccountDayRollups_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BillingAccounts",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BalanceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Arrears = table.Column<int>(type: "INTEGER", nullable: false),
                    ArrearsSince = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AlertRemainingPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    AlertExpiryDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AlertBalanceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingAccounts", x => x.AccountId);
                    table.ForeignKey(
                        name: "FK_BillingAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BillingAlertsSent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingAlertsSent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BillingAlertsSent_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Charges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Item = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    PackageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UsageFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChargedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    UnitPrice = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Charges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Charges_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfterFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChargeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MenuDayRollups",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ServiceNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MenuItem = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BilledPv = table.Column<long>(type: "INTEGER", nullable: false),
                    FreePv = table.Column<long>(type: "INTEGER", nullable: false),
                    Uv = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MenuDayRollups", x => new { x.AccountId, x.Day, x.ServiceNumber, x.MenuItem });
                    table.ForeignKey(
                        name: "FK_MenuDayRollups_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PackageOrders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SpecId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Family = table.Column<int>(type: "INTEGER", nullable: false),
                    SpecName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitsPerPackage = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    FailReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AutoRenew = table.Column<bool>(type: "INTEGER", nullable: false),
                    RenewalOf = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackageOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackageOrders_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PackageSpecs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Family = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    PriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidityMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    OnSale = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackageSpecs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RollupStates",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LastEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    PrunedBefore = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastRunAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastPrunedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupStates", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "TemplateDayRollups",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sends = table.Column<long>(type: "INTEGER", nullable: false),
                    Resolves = table.Column<long>(type: "INTEGER", nullable: false),
                    ExposurePv = table.Column<long>(type: "INTEGER", nullable: false),
                    ExposureUv = table.Column<long>(type: "INTEGER", nullable: false),
                    ClickPv = table.Column<long>(type: "INTEGER", nullable: false),
                    ClickUv = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateDayRollups", x => new { x.AccountId, x.Day, x.TemplateId, x.Vendor });
                    table.ForeignKey(
                        name: "FK_TemplateDayRollups_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitPrices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Item = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<long>(type: "INTEGER", nullable: false),
                    EffectiveFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitPrices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Part = table.Column<int>(type: "INTEGER", nullable: false),
                    Item = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    PackageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UnitPrice = table.Column<long>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ChargeId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageRecords_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ResourcePackages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Family = table.Column<int>(type: "INTEGER", nullable: false),
                    SpecName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    Used = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AutoRenew = table.Column<bool>(type: "INTEGER", nullable: false),
                    RenewedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourcePackages", x => x.Id);
                    table.CheckConstraint("CK_ResourcePackages_Used", "\"Used\" >= 0 AND \"Used\" <= \"Units\"");
                    table.ForeignKey(
                        name: "FK_ResourcePackages_PackageOrders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "PackageOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_BillingAlertsSent_AccountId_Key",
                table: "BillingAlertsSent",
                columns: new[] { "AccountId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Charges_AccountId_ChargedAt",
                table: "Charges",
                columns: new[] { "AccountId", "ChargedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_AccountId_UsageFrom",
                table: "Charges",
                columns: new[] { "AccountId", "UsageFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_At",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_ChargeId",
                table: "LedgerEntries",
                column: "ChargeId",
                unique: true,
                filter: "\"ChargeId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OrderId_Kind",
                table: "LedgerEntries",
                columns: new[] { "OrderId", "Kind" },
                unique: true,
                filter: "\"OrderId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PackageOrders_AccountId_CreatedAt",
                table: "PackageOrders",
                columns: new[] { "AccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PackageOrders_AccountId_IdempotencyKey",
                table: "PackageOrders",
                columns: new[] { "AccountId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PackageOrders_RenewalOf",
                table: "PackageOrders",
                column: "RenewalOf",
                unique: true,
                filter: "\"RenewalOf\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PackageSpecs_Family_Name",
                table: "PackageSpecs",
                columns: new[] { "Family", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResourcePackages_AccountId_Family_ExpiresAt",
                table: "ResourcePackages",
                columns: new[] { "AccountId", "Family", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourcePackages_OrderId",
                table: "ResourcePackages",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitPrices_Item_EffectiveFrom",
                table: "UnitPrices",
                columns: new[] { "Item", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_AccountId_ChargeId",
                table: "UsageRecords",
                columns: new[] { "AccountId", "ChargeId" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_AccountId_OccurredAt",
                table: "UsageRecords",
                columns: new[] { "AccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_EventId_Part",
                table: "UsageRecords",
                columns: new[] { "EventId", "Part" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountDayRollups");

            migrationBuilder.DropTable(
                name: "BillingAccounts");

            migrationBuilder.DropTable(
                name: "BillingAlertsSent");

            migrationBuilder.DropTable(
                name: "Charges");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "MenuDayRollups");

            migrationBuilder.DropTable(
                name: "PackageSpecs");

            migrationBuilder.DropTable(
                name: "ResourcePackages");

            migrationBuilder.DropTable(
                name: "RollupStates");

            migrationBuilder.DropTable(
                name: "TemplateDayRollups");

            migrationBuilder.DropTable(
                name: "UnitPrices");

            migrationBuilder.DropTable(
                name: "UsageRecords");

            migrationBuilder.DropTable(
                name: "PackageOrders");

            migrationBuilder.DropColumn(
                name: "Plain",
                table: "SendMessages");

            migrationBuilder.DropColumn(
                name: "VisitorId",
                table: "Events");
        }
    }
}
