using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ServiceMenus;

/// <summary>Where a tap on an item goes and whether it is billed, in words (the simulator, the review queue).</summary>
public static class MenuDescriptions
{
    public static string BillingKey(MenuItemDraft item) => MenuBilling.IsBilled(item) ? "ServiceMenus.Billed" : "ServiceMenus.Free";

    public static string Target(MenuItemDraft item, IStringLocalizer l)
    {
        var action = item.Children.Count > 0 ? MenuAction.OPEN_SUBMENU : item.Action;
        var content = string.IsNullOrWhiteSpace(item.Content) ? "—" : item.Content.Trim();
        return action switch
        {
            MenuAction.OPEN_SUBMENU => l["ServiceMenus.Target.Submenu", item.Children.Count],
            MenuAction.OPEN_URL => l[item.OpenInBrowser ? "ServiceMenus.Target.UrlBrowser" : "ServiceMenus.Target.UrlWebView", content, item.WebTitle.Trim()],
            MenuAction.CALLING => l["ServiceMenus.Target.Calling", content],
            MenuAction.OPEN_APP => l["ServiceMenus.Target.App", item.PackageName.Trim(), content,
                string.IsNullOrWhiteSpace(item.FallbackUrl) ? "—" : item.FallbackUrl.Trim()],
            MenuAction.OPEN_QUICK => l["ServiceMenus.Target.Quick", content, item.EngineVersion.Trim()],
            _ => content,
        };
    }
}
