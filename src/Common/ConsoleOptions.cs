namespace KooMessage.Console.Common;

/// <summary>The <c>Console</c> section of appsettings.json.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The database's and the data-protection keys' folder; absolute after start-up (relative ones are taken from the content root).</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>
    /// Uploaded files; absolute after start-up. Unset, <c>files</c> in <see cref="DataFolder"/>: two consoles given their
    /// own data folders never share files, whose start-up sweep would delete the other's as files without a row.
    /// </summary>
    public string FilesFolder { get; set; } = "";

    /// <summary>
    /// How old a staged upload no row claims must be before the sweep deletes it (minutes): younger ones may belong to
    /// a form a user still has open.
    /// </summary>
    public int StagingMaxAgeMinutes { get; set; } = 60;

    /// <summary>Whether sign-up is open until the platform administrator saves the settings page.</summary>
    public bool SignUpEnabled { get; set; } = true;

    public string DefaultCulture { get; set; } = "zh-CN";

    public string DefaultTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>共支持添加应用数: how many SMS apps an account may have (the reference shows the count, not its value).</summary>
    public int SmsAppLimit { get; set; } = 10;

    /// <summary>How long a signature must wait in review before 催审 is offered (minutes).</summary>
    public int UrgeAfterMinutes { get; set; } = 30;

    /// <summary>The least time between two 催审 of one item (minutes).</summary>
    public int UrgeIntervalMinutes { get; set; } = 60;
}
