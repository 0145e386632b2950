using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KooMessage.Console.Data;

/// <summary>
/// Rows for a statement that reads them from one JSON parameter (<c>json_each($rows)</c>, <c>value ->> 0</c> …): one
/// parameter for a whole batch, where a parameter per value makes SQLite compare names at every bind (the event
/// store's remarks say what that cost). Values are text, integers or null; a Guid and a time are written in the
/// text forms EF Core's SQLite provider writes, so EF reads and compares the rows like its own.
/// </summary>
public static class JsonRows
{
    /// <summary>A Guid as EF Core's SQLite provider stores it.</summary>
    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>A UTC time as EF Core's SQLite provider stores it.</summary>
    public static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>An array of <paramref name="rows"/>, each an array of its values.</summary>
    public static string Of(IEnumerable<object?[]> rows, int sizeHint = 4096)
    {
        var buffer = new ArrayBufferWriter<byte>(sizeHint);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null:
                            json.WriteNullValue();
                            break;
                        case string text:
                            json.WriteStringValue(text);
                            break;
                        case int number:
                            json.WriteNumberValue(number);
                            break;
                        case long number:
                            json.WriteNumberValue(number);
                            break;
                        case Guid id:
                            json.WriteStringValue(Text(id));
                            break;
                        case DateTime time:
                            json.WriteStringValue(Text(time));
                            break;
                        default:
                            throw new ArgumentException($"A JSON row holds text, integers, Guids, times or null, not {value.GetType().Name}.", nameof(rows));
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
