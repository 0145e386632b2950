using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Components.Shared;

/// <summary>MudBlazor's own texts (pager, grid, dialogs) from our resx under the key <c>Mud.{key}</c>; MudBlazor's English otherwise.</summary>
public sealed class ConsoleMudLocalizer(IStringLocalizer<SharedResource> l) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = l[$"Mud.{key}"];
            return text.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, text.Value);
        }
    }
}
