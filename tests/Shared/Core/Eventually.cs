namespace KooMessage.Console.Tests;

/// <summary>Waiting for a condition, never for a fixed delay: reads again every 50 ms until it holds or the time is up.</summary>
public static class Eventually
{
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 60)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, limit.Token);
        }
    }
}
