using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace KooMessage.Console.Data.Migrations
{
    /// <inheritdoc />
    public partial class Templates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AimPublicTemplates",
                columns: table => new
                {
                    TplId = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SearchName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CardId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Vendors = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Use = table.Column<int>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AimPublicTemplates", x => x.TplId);
                });

            migrationBuilder.CreateTable(
                name: "AimTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TplId = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SearchName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CardId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Vendors = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Use = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuditState = table.Column<int>(type: "INTEGER", nullable: false),
                    AuditDesc = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DraftVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AimTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AimTemplateVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AimTemplateVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AimTemplateVersions_AimTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "AimTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AimTemplateVendors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AimTemplateVendors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AimTemplateVendors_AimTemplateVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "AimTemplateVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AimTemplateVendors_AimTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "AimTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "AimPublicTemplates",
                columns: new[] { "TplId", "CardId", "Document", "Name", "SearchName", "UpdatedAt", "Use", "Vendors" },
                values: new object[,]
                {
                    { "100000001", "StandardImageAndText", "{\"card_id\":\"StandardImageAndText\",\"tpl_name\":\"新品上市图文\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"image\",\"position_number\":1,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":2,\"content\":\"春季新品上市\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":3,\"content\":\"${name}您好，春季新品已上架，会员专享八折优惠。\"},{\"type\":\"button\",\"position_number\":4,\"content\":\"立即查看\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[{\"name\":\"name\",\"example\":\"张先生\",\"type\":1}],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"XIAOMI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"VIVO\",\"state\":1},{\"factory_type\":\"MEIZU\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】新品上市图文，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"新品上市图文，详情请查看卡片。拒收请回复R\"}", "新品上市图文", "新品上市图文", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,XIAOMI,OPPO,VIVO,MEIZU,SAMSUNG," },
                    { "100000002", "PureText", "{\"card_id\":\"PureText\",\"tpl_name\":\"账单提醒长文本\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"text\",\"position_number\":1,\"content\":\"本月账单提醒\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":2,\"content\":\"尊敬的${name}，您本月账单为${amount}元，请于${date}前还款。\"},{\"type\":\"button\",\"position_number\":3,\"content\":\"查看账单\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[{\"name\":\"name\",\"example\":\"李女士\",\"type\":1},{\"name\":\"amount\",\"example\":\"128.50\",\"type\":1},{\"name\":\"date\",\"example\":\"12月15日\",\"type\":1}],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】账单提醒长文本，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"账单提醒长文本，详情请查看卡片。拒收请回复R\"}", "账单提醒长文本", "账单提醒长文本", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,OPPO,SAMSUNG," },
                    { "100000003", "Video", "{\"card_id\":\"Video\",\"tpl_name\":\"品牌宣传视频\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"video\",\"position_number\":1,\"src\":\"\",\"src_type\":1,\"cover\":\"\"},{\"type\":\"text\",\"position_number\":2,\"content\":\"品牌宣传片\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":3,\"content\":\"一分钟了解我们的新服务。\"},{\"type\":\"button\",\"position_number\":4,\"content\":\"了解更多\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"VIVO\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】品牌宣传视频，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"品牌宣传视频，详情请查看卡片。拒收请回复R\"}", "品牌宣传视频", "品牌宣传视频", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,OPPO,VIVO,SAMSUNG," },
                    { "100000004", "Carousel", "{\"card_id\":\"Carousel\",\"tpl_name\":\"横滑商品推荐\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"image\",\"position_number\":1,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":2,\"content\":\"爆款推荐\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":3,\"content\":\"限时直降，数量有限。\"},{\"type\":\"button\",\"position_number\":4,\"content\":\"去看看\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]},{\"page_order\":2,\"contents\":[{\"type\":\"image\",\"position_number\":1,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":2,\"content\":\"新品首发\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":3,\"content\":\"首发专享赠品。\"},{\"type\":\"button\",\"position_number\":4,\"content\":\"去看看\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"MEIZU\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】横滑商品推荐，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"横滑商品推荐，详情请查看卡片。拒收请回复R\"}", "横滑商品推荐", "横滑商品推荐", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,OPPO,MEIZU,SAMSUNG," },
                    { "100000005", "Notification1", "{\"card_id\":\"Notification1\",\"tpl_name\":\"物流发货通知\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"text\",\"position_number\":1,\"content\":\"您的包裹已发出\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":2,\"content\":\"订单${orderNo}已发货，预计${date}送达。\"},{\"type\":\"button\",\"position_number\":3,\"content\":\"查看物流\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[{\"name\":\"orderNo\",\"example\":\"2026112900001\",\"type\":1},{\"name\":\"date\",\"example\":\"12月2日\",\"type\":1}],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"XIAOMI\",\"state\":1},{\"factory_type\":\"VIVO\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】物流发货通知，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"物流发货通知，详情请查看卡片。拒收请回复R\"}", "物流发货通知", "物流发货通知", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,XIAOMI,VIVO,SAMSUNG," },
                    { "100000006", "CardVoucher", "{\"card_id\":\"CardVoucher\",\"tpl_name\":\"会员优惠券\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"image\",\"position_number\":1,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":2,\"content\":\"满100减20优惠券\",\"is_text_title\":\"true\"},{\"type\":\"text\",\"position_number\":3,\"content\":\"有效期至${date}，全场通用。\"},{\"type\":\"button\",\"position_number\":4,\"content\":\"立即领取\",\"action_type\":\"OPEN_URL\",\"action\":{\"target\":\"\"}}]}],\"params\":[{\"name\":\"date\",\"example\":\"12月31日\",\"type\":1}],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"VIVO\",\"state\":1}],\"sms_example\":\"【示例】会员优惠券，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"会员优惠券，详情请查看卡片。拒收请回复R\"}", "会员优惠券", "会员优惠券", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,OPPO,VIVO," },
                    { "100000007", "MultipleImageAndText", "{\"card_id\":\"MultipleImageAndText\",\"tpl_name\":\"多图文资讯\",\"use_id\":1,\"pages\":[{\"page_order\":1,\"contents\":[{\"type\":\"image\",\"position_number\":1,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":2,\"content\":\"本周精选资讯\",\"is_text_title\":\"true\"},{\"type\":\"image\",\"position_number\":3,\"src\":\"\",\"src_type\":1},{\"type\":\"text\",\"position_number\":4,\"content\":\"会员日活动预告\"}]}],\"params\":[],\"factorys\":[{\"factory_type\":\"HUAWEI\",\"state\":1},{\"factory_type\":\"XIAOMI\",\"state\":1},{\"factory_type\":\"OPPO\",\"state\":1},{\"factory_type\":\"VIVO\",\"state\":1},{\"factory_type\":\"MEIZU\",\"state\":1},{\"factory_type\":\"SAMSUNG\",\"state\":1}],\"sms_example\":\"【示例】多图文资讯，详情请查看卡片。\",\"sms_signs\":[],\"sms_template\":\"多图文资讯，详情请查看卡片。拒收请回复R\"}", "多图文资讯", "多图文资讯", new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Utc), 1, ",HUAWEI,XIAOMI,OPPO,VIVO,MEIZU,SAMSUNG," }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplates_AccountId_UpdatedAt",
                table: "AimTemplates",
                columns: new[] { "AccountId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplates_TplId",
                table: "AimTemplates",
                column: "TplId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplateVendors_TemplateId",
                table: "AimTemplateVendors",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplateVendors_VersionId_Vendor",
                table: "AimTemplateVendors",
                columns: new[] { "VersionId", "Vendor" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AimTemplateVersions_TemplateId_Number",
                table: "AimTemplateVersions",
                columns: new[] { "TemplateId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AimPublicTemplates");

            migrationBuilder.DropTable(
                name: "AimTemplateVendors");

            migrationBuilder.DropTable(
                name: "AimTemplateVersions");

            migrationBuilder.DropTable(
                name: "AimTemplates");
        }
    }
}
