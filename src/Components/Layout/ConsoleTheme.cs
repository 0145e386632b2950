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
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
            },
        },
    };
}
