using ClosedXML.Excel;
using KooMessage.Console.Common.Security;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Signatures;

/// <summary>The signature list as .xlsx (ClosedXML; a list of one account's signatures is small, so it is built in memory).</summary>
public static class SignatureExport
{
    public static byte[] Write(IReadOnlyList<SignatureRow> rows, UserContext user, IStringLocalizer l)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(l["Nav.Signatures"].Value);
        string[] headers =
        [
            l["Field.SignatureName"], l["Field.SignatureType"], l["Field.App"], l["Field.SignatureSource"], l["Field.Status"],
            l["Field.ChannelNumber"], l["Field.ReviewDesc"], l["Field.SubmittedAt"], l["Field.CreatedAt"],
        ];
        double[] widths = [20, 12, 20, 28, 22, 16, 40, 18, 18];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
            // ClosedXML's AdjustToContents needs GDI+, which Linux lacks: widths are set explicitly.
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(1).Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF8");
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var line = r + 2;
            sheet.Cell(line, 1).Value = row.Name;
            sheet.Cell(line, 2).Value = l[$"SignatureType.{row.Type}"].Value;
            sheet.Cell(line, 3).Value = row.AppName;
            sheet.Cell(line, 4).Value = l[$"SignatureSource.{row.Source}"].Value;
            sheet.Cell(line, 5).Value = l[$"SignatureStatus.{row.Status}"].Value;
            sheet.Cell(line, 6).Value = row.ChannelNumber ?? "";
            sheet.Cell(line, 7).Value = row.ReviewDesc ?? "";
            sheet.Cell(line, 8).Value = UserTime.Format(row.SubmittedAt, user);
            sheet.Cell(line, 9).Value = UserTime.Format(row.CreatedAt, user);
        }

        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
