namespace KooMessage.Console.Resources;

/// <summary>Marker for the console's UI texts: SharedResource.resx (English) and SharedResource.zh-CN.resx.</summary>
public sealed class SharedResource;
