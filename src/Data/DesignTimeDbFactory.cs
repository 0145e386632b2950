using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KooMessage.Console.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<KooMessageDb>
{
    public KooMessageDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KooMessageDb>().UseSqlite("Data Source=design-time.db").Options, DbScope.AllAccounts("design time"));
}
