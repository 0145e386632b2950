using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Tests;

/// <summary>SQLite's plan for a statement (<c>EXPLAIN QUERY PLAN</c>): a line a step, as its detail column words it.</summary>
public static class QueryPlans
{
    public static async Task<IReadOnlyList<string>> PlanAsync(this KooMessageDb db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {sql}";
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
