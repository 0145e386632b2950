using KooMessage.Console.Common.Files;
using MudBlazor;

namespace KooMessage.Console.Components.Shared;

/// <summary>A label and its value in words; an empty value shows as "—".</summary>
public sealed record DetailField(string Label, string? Value);

/// <summary>A stored file of the item under its label; <paramref name="Downloadable"/> adds a download button.</summary>
public sealed record DetailFile(string Label, FileView File, bool Downloadable = false);

/// <summary>
/// What <see cref="ItemDetailDialog"/> shows of a submitted item (a filing, an SMS app, a signature): its state as a
/// tag, the reviewer's reason when there is one, its fields as label and value, and its files as links.
/// </summary>
public sealed record ItemDetail(string State, Color StateColor, string? Reason, IReadOnlyList<DetailField> Fields, IReadOnlyList<DetailFile> Files);
