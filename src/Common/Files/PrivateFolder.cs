namespace KooMessage.Console.Common.Files;

/// <summary>A folder only the console's own operating-system user may open: the database and the data-protection keys live in one.</summary>
public static class PrivateFolder
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="path"/> as owner-only (0700) on Unix, and closes an existing one that others may open.
    /// A folder the console does not own is left as its owner set it. Windows folders inherit their parent's ACL.
    /// </summary>
    public static string Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, OwnerOnly);
        if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            try
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
            catch (UnauthorizedAccessException)
            {
                // Only the owner may change the mode; an operator who gave the folder to another user keeps their choice.
            }
        }

        return path;
    }
}
