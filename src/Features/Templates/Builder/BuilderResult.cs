using System.Collections.Immutable;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Templates.Builder;

/// <summary>Why the builder refused an edit; each has its <c>TemplateBuilder.Refused.*</c> message.</summary>
public enum BuilderRefusal
{
    /// <summary>No layout chosen yet, or the card_id is not in the rule book.</summary>
    NoLayout,

    /// <summary>The layout has no zone for this kind of component (an image in 纯文本).</summary>
    KindNotInLayout,

    /// <summary>The zone holds its maximum already (a third button in 图文).</summary>
    ZoneFull,

    /// <summary>Every zone of that kind is full (a third text in 长文本).</summary>
    NoRoom,

    /// <summary>The layout has no zone of that name, or the zone takes another kind.</summary>
    NoSuchZone,

    /// <summary>The layout (or KooMessage) takes no more pages.</summary>
    TooManyPages,

    /// <summary>A template keeps at least one page.</summary>
    LastPage,

    /// <summary>The page or component does not exist (any more).</summary>
    NotFound,

    /// <summary>A move past the first or last place of its zone (or of the pages).</summary>
    CannotMove,

    /// <summary>Nothing to undo or redo.</summary>
    NothingToUndo,
}

/// <summary>
/// The outcome of a builder operation: applied (with the page and component it produced or moved, for the UI to
/// select), or refused with a reason and the message's arguments.
/// </summary>
public sealed record BuilderResult(BuilderRefusal? Refusal, ImmutableArray<object> Args, int? Page = null, int? Content = null)
{
    public bool Applied => Refusal is null;

    /// <summary>How many components a layout change dropped (they had no place in the new layout).</summary>
    public int Dropped { get; init; }

    public static BuilderResult Done(int? page = null, int? content = null) => new(null, [], page, content);

    public static BuilderResult Refused(BuilderRefusal refusal, params object[] args) => new(refusal, [.. args]);

    public string? MessageKey => Refusal is { } r ? "TemplateBuilder.Refused." + r : null;

    /// <summary>The refusal in the user's language; empty when the edit was applied.</summary>
    public string Message(IStringLocalizer l) =>
        MessageKey is { } key ? l[key, [.. Args.Select(a => a is LocalizedArg text ? l[text.Key].Value : a)]] : "";

    /// <summary>The component the edit produced or moved, when there is one.</summary>
    public TemplatePath? Path => Page is { } p && Content is { } c ? TemplatePath.Of(p, c, "") : null;
}
