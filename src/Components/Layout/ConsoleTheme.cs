using MudBlazor;

namespace KooMessage.Console.Components.Layout;

public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#5f6b7a",
            AppbarBackground = "#1f3b63",
            DrawerBackground = "#ffffff",
            Background = "#f5f7fa",
            TextSecondary = "#5c6370",

            // Text in these colours (删除, errors, links in tags) keeps 4.5:1 against white.
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#a15c00",
            Error = "#c62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
            },

            // English buttons in sentence case, as the Chinese clouds' consoles write them.
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
