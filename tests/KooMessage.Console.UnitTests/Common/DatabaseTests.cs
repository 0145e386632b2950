using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.Data.Sqlite;

namespace KooMessage.Console.UnitTests.Common;

public sealed class DatabaseTests
{
    [Fact]
    public void ResolveConnectionString_RelativePath_AnchoredAtContentRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "km-root-" + Guid.NewGuid().ToString("N"));
        try
        {
            var resolved = new SqliteConnectionStringBuilder(Database.ResolveConnectionString("Data Source=App_Data/koomessage.db", root));

            Assert.Equal(Path.Combine(root, "App_Data", "koomessage.db"), resolved.DataSource);
            Assert.True(Directory.Exists(Path.Combine(root, "App_Data")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ResolveConnectionString_InMemory_Unchanged()
    {
        var resolved = new SqliteConnectionStringBuilder(Database.ResolveConnectionString("Data Source=:memory:", "/nowhere"));

        Assert.Equal(":memory:", resolved.DataSource);
    }

    [Fact]
    public void UserTime_ShanghaiZone_IsEightHoursAhead()
    {
        var utc = new DateTime(2026, 11, 29, 16, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2026, 11, 30, 0, 30, 0), UserTime.ToLocal(utc, "Asia/Shanghai"));
        Assert.Equal(utc, UserTime.ToUtc(new DateTime(2026, 11, 30, 0, 30, 0), ""));
    }
}
