using System.Text;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// The rows of a CSV text (RFC 4180: commas, quoted cells with doubled quotes, line breaks inside quotes; CRLF or LF),
/// each with the line it starts on, read as the text streams in (a file of 100,000 rows is never held whole).
/// </summary>
public static class CsvRows
{
    public static IEnumerable<(int Line, string[] Cells)> Read(TextReader reader)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var row = 1;
        var line = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (ch == '\n')
            {
                line++;
            }

            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"')
                {
                    cell.Append('"');
                    reader.Read();
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch == '\n')
            {
                cells.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                yield return (row, [.. cells]);
                cells.Clear();
                row = line;
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString().TrimEnd('\r'));
            yield return (row, [.. cells]);
        }
    }
}
