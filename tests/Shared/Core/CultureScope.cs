using System.Globalization;

namespace KooMessage.Console.Tests;

/// <summary>Runs the enclosed code in one UI language, as a request of a user who chose it would.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo before = CultureInfo.CurrentUICulture;

    private CultureScope(string culture) => CultureInfo.CurrentUICulture = new CultureInfo(culture);

    public static CultureScope Use(string culture) => new(culture);

    public void Dispose() => CultureInfo.CurrentUICulture = before;
}
