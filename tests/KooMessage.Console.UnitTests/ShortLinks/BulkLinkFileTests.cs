using System.Text;
using ClosedXML.Excel;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.ShortLinks;

public sealed class BulkLinkFileTests
{
    private static readonly string[] Parameters = ["name", "amount"];

    private static BulkColumns Columns(params string[] header) => BulkLinkFile.Columns(header, Parameters).Columns!;

    private static List<(int Row, string[] Cells)> Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. BulkLinkFile.Rows(stream)];
    }

    [Fact]
    public void Columns_TemplateHeader_FindsEveryColumnInAnyOrder()
    {
        var (columns, missing) = BulkLinkFile.Columns(["amount", "客户标识", "${name}", "手机号", "备注"], Parameters);

        Assert.NotNull(columns);
        Assert.Empty(missing);
        var link = columns.Check(2, ["88", "VIP-1", "王女士", "13800138000", "忽略"]).Link!;
        Assert.Equal(("VIP-1", "王女士", "88"), (link.CustFlag, link.Values["name"], link.Values["amount"]));
    }

    [Fact]
    public void Columns_MissingMobileAndAParameter_NamesBoth()
    {
        var (columns, missing) = BulkLinkFile.Columns(["${name}", "客户标识"], Parameters);

        Assert.Null(columns);
        Assert.Equal(["手机号", "${amount}"], missing);
    }

    [Fact]
    public void Header_ForTheTemplate_IsMobileParametersAndFlag() =>
        Assert.Equal(["手机号", "${name}", "${amount}", "客户标识"], BulkLinkFile.Header(Parameters));

    [Fact]
    public void Check_ValidRow_HashesCountryCodeAndNumberAndFlagsWithTheMobile()
    {
        var result = Columns("手机号", "${name}", "${amount}").Check(2, ["+86 138 0013 8000", "王女士", "88"]);

        Assert.Empty(result.Issues);
        Assert.Equal(MobileNumbers.Sha1Of("8613800138000"), result.Link!.NumberHash);
        Assert.Equal(ShortLinkService.NumberHashOf("13800138000"), result.Link.NumberHash);
        Assert.Equal("+86 138 0013 8000", result.Link.CustFlag);
    }

    [Theory]
    [InlineData("", BulkRowProblem.MobileMissing, "")]
    [InlineData("138a0138000", BulkRowProblem.BadNumber, nameof(NumberProblem.NotDigits))]
    [InlineData("138", BulkRowProblem.BadNumber, nameof(NumberProblem.TooShort))]
    [InlineData("12345678901234567890123456789012345678901", BulkRowProblem.BadNumber, nameof(NumberProblem.InputTooLong))]
    public void Check_BadMobile_Refused(string mobile, BulkRowProblem problem, string argument)
    {
        var result = Columns("手机号", "${name}", "${amount}").Check(2, [mobile, "王女士", "88"]);

        Assert.Null(result.Link);
        Assert.Equal(new BulkRowIssue(problem, argument), Assert.Single(result.Issues));
    }

    [Fact]
    public void Check_SameMobileWrittenTwoWays_SecondIsADuplicateOfTheFirstRow()
    {
        var columns = Columns("手机号", "${name}", "${amount}");
        Assert.NotNull(columns.Check(2, ["13800138000", "甲", "1"]).Link);
        Assert.NotNull(columns.Check(3, ["13900139000", "乙", "1"]).Link);

        var result = columns.Check(4, ["0086 13800138000", "丙", "1"]);

        Assert.Equal(new BulkRowIssue(BulkRowProblem.Duplicate, "2"), Assert.Single(result.Issues));
    }

    // Several numbers typed on one line read as one number and values: past the header's columns, they are named, not dropped.
    [Fact]
    public void Check_ValuesPastTheHeader_ExtraValues()
    {
        var columns = Columns("手机号", "${name}", "${amount}");

        var extra = columns.Check(2, ["13800138000", "甲", "1", "13912345678"]);
        var blankAfter = columns.Check(3, ["13900139000", "乙", "1", " ", ""]);

        Assert.Equal(new BulkRowIssue(BulkRowProblem.ExtraValues, "3"), Assert.Single(extra.Issues));
        Assert.Empty(blankAfter.Issues);
    }

    [Fact]
    public void Check_BlankParameterAndShortRow_ListsTheMissingParameters()
    {
        var result = Columns("手机号", "${name}", "${amount}").Check(2, ["13800138000", "  "]);

        Assert.Equal(new BulkRowIssue(BulkRowProblem.ParamMissing, "${name}, ${amount}"), Assert.Single(result.Issues));
    }

    [Theory]
    [InlineData(BulkLinkFile.ValueMax - 1, true)]
    [InlineData(BulkLinkFile.ValueMax, true)]
    [InlineData(BulkLinkFile.ValueMax + 1, false)]
    public void Check_ValueLength_AtMostTheLimit(int length, bool valid)
    {
        var result = Columns("手机号", "${name}", "${amount}").Check(2, ["13800138000", new string('张', length), "1"]);

        Assert.Equal(valid, result.Link is not null);
        if (!valid)
        {
            Assert.Equal(new BulkRowIssue(BulkRowProblem.ValueTooLong, "${name}"), Assert.Single(result.Issues));
        }
    }

    [Theory]
    [InlineData(ShortLink.CustFlagMax - 1, true)]
    [InlineData(ShortLink.CustFlagMax, true)]
    [InlineData(ShortLink.CustFlagMax + 1, false)]
    public void Check_CustFlagLength_AtMostTheLimit(int length, bool valid)
    {
        var result = Columns("手机号", "${name}", "${amount}", "客户标识").Check(2, ["13800138000", "王", "1", new string('a', length)]);

        Assert.Equal(valid, result.Link is not null);
        Assert.Equal(valid ? [] : [new BulkRowIssue(BulkRowProblem.CustFlagTooLong)], result.Issues);
    }

    [Fact]
    public void Check_SeveralProblems_ReportsThemAll()
    {
        var result = Columns("手机号", "${name}", "${amount}").Check(2, ["abc", "", new string('1', BulkLinkFile.ValueMax + 1)]);

        Assert.Equal([BulkRowProblem.BadNumber, BulkRowProblem.ParamMissing, BulkRowProblem.ValueTooLong], result.Issues.Select(i => i.Problem));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rows_Utf8CsvWithOrWithoutBom_SameCellsAndRowNumbers(bool bom)
    {
        var text = "手机号,${name},${amount}\r\n13800138000,\"王, 女士\",88\r\n\r\n13900139000,\"说\"\"好\"\"\",1";
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var rows = Read(bytes);

        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Row));
        Assert.Equal("手机号", rows[0].Cells[0]);
        Assert.Equal("王, 女士", rows[1].Cells[1]);
        Assert.Equal([""], rows[2].Cells);
        Assert.Equal("说\"好\"", rows[3].Cells[1]);
    }

    [Fact]
    public void Rows_Gb18030Csv_DecodesTheChinese()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("手机号,${name},${amount}\n13800138000,王女士,88\n");

        var rows = Read(bytes);

        Assert.Equal(["手机号", "${name}", "${amount}"], rows[0].Cells);
        Assert.Equal("王女士", rows[1].Cells[1]);
    }

    [Fact]
    public void Rows_Xlsx_ReadsTheFirstSheetWithRowNumbersAndSkipsEmptyRows()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("links");
        sheet.Cell(1, 1).Value = "手机号";
        sheet.Cell(1, 2).Value = "${name}";
        sheet.Cell(2, 1).Value = 13800138000;
        sheet.Cell(2, 2).Value = "王女士";
        sheet.Cell(4, 1).Value = "13900139000";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        var rows = Read(stream.ToArray());

        Assert.Equal([1, 2, 4], rows.Select(r => r.Row));
        Assert.Equal("13800138000", rows[1].Cells[0]);
    }

    [Fact]
    public void TemplateWorkbook_HasTheHeaderRow()
    {
        var rows = Read(BulkLinkFile.TemplateWorkbook(Parameters));

        Assert.Equal(["手机号", "${name}", "${amount}", "客户标识"], Assert.Single(rows).Cells);
    }

    [Fact]
    public async Task DryRunAsync_CsvWithBadRows_CountsAndNamesEachInChinese()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var csv = string.Join('\n',
            "手机号,${name},${amount},客户标识",
            "13800138000,王女士,88,",
            "138a0138000,李先生,10,",
            "",
            "13800138000,赵女士,20,",
            "13900139000,,30,VIP");
        using var _ = CultureScope.Use("zh-CN");

        var plan = TestData.Ok(await DryRunAsync(app, owner, tplId, "客户.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.Equal((4, 1, 3), (plan.Rows, plan.Valid, plan.Invalid));
        Assert.Equal(
        [
            (3, "手机号：号码只能包含数字（可以 + 或 00 开头）。"),
            (5, "与第 2 行的手机号重复。"),
            (6, "缺少参数值：${name}。"),
        ], plan.FirstProblems.Select(p => (p.Row, p.Message)));
    }

    [Fact]
    public async Task DryRunAsync_HeaderWithoutAParameter_RefusedAtTheFile()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        using var _ = CultureScope.Use("zh-CN");

        var result = await DryRunAsync(app, owner, tplId, "a.csv", Encoding.UTF8.GetBytes("手机号,${name}\n13800138000,王\n"));

        Assert.Equal(BulkLinkService.FileField, Assert.Single(result.Error!.Fields).Field);
        Assert.Equal("表头缺少列：${amount}。请下载该模板的模板文件。", result.Error.Message);
    }

    [Theory]
    [InlineData(BulkLinkFile.RowsMax, true)]
    [InlineData(BulkLinkFile.RowsMax + 1, false)]
    public async Task DryRunAsync_RowCount_AtMostTheLimit(int rows, bool accepted)
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var csv = new StringBuilder("手机号,${name},${amount}\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(13_000_000_000L + i).Append(",王,1\n");
        }

        var result = await DryRunAsync(app, owner, tplId, "big.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal(accepted, result.IsSuccess);
        if (accepted)
        {
            Assert.Equal((rows, rows), (result.Value.Rows, result.Value.Valid));
        }
    }

    [Fact]
    public async Task GenerateAsync_CustomCodes_RefusedForAFile()
    {
        await using var app = await TestConsole.StartAsync();
        var owner = await OwnerAsync(app);
        var (tplId, _) = await app.Services.ApprovedTemplateAsync(owner.AccountId!.Value);
        var plan = TestData.Ok(await DryRunAsync(app, owner, tplId, "a.csv", Encoding.UTF8.GetBytes("手机号,${name},${amount}\n13800138000,王,1\n")));
        var form = ShortLinkData.GroupForm(tplId);
        form.ExpiryDays = 7;
        form.Generation = CodeGeneration.Custom;

        await using var scope = app.Services.As(owner.Principal);
        var result = await scope.ServiceProvider.GetRequiredService<BulkLinkService>().GenerateAsync(form, plan.Stage, CancellationToken.None);

        Assert.Equal(nameof(ResolveTaskForm.Links), Assert.Single(result.Error!.Fields).Field);
    }

    private static async Task<TestUser> OwnerAsync(TestConsole app)
    {
        var admin = await app.Services.CreateAdministratorAsync();
        return await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    private static async Task<Result<BulkPlan>> DryRunAsync(TestConsole app, TestUser user, string tplId, string name, byte[] content)
    {
        await using var scope = app.Services.As(user.Principal);
        using var stream = new MemoryStream(content);
        return await scope.ServiceProvider.GetRequiredService<BulkLinkService>().DryRunAsync(tplId, name, stream, CancellationToken.None);
    }

    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+8613800138000", "'+8613800138000")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("王女士,88", "\"王女士,88\"")]
    [InlineData("", "")]
    public void ReportCell_FormulasOpenAsText_CommasAndQuotesQuoted(string cell, string written) =>
        Assert.Equal(written, DryRunStage.CsvCell(cell));
}
