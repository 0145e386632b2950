namespace KooMessage.Console.Features.Templates;

/// <summary>
/// Tells what holds templates in memory (the resolve host's link snapshot, the rendered H5 pages) that a template was
/// switched on or off or deleted, once the change is committed, so none of it outlives the change.
/// </summary>
public sealed class TemplateChanges
{
    /// <summary>Raised with the template's tpl_id.</summary>
    public event Action<string>? Changed;

    public void Raise(string tplId) => Changed?.Invoke(tplId);
}
