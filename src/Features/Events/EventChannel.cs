using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Events;

/// <summary>The <c>Events</c> section.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Events the channel holds before producers wait.</summary>
    public int ChannelCapacity { get; set; } = 20_000;

    /// <summary>At most this many events are written in one transaction.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>Pushed events one request may carry.</summary>
    public int MaxEventsPerRequest { get; set; } = 100;

    /// <summary>Requests to the ingestion endpoint one key (or, without a key, one client address) may send per minute.</summary>
    public int RequestsPerMinute { get; set; } = 600;
}

/// <summary>The one bounded channel between producers and <see cref="EventWriter"/>: full means wait, never drop.</summary>
public sealed class EventChannel : IEventSink
{
    private readonly Channel<EventRecord> channel;
    private long accepted;

    public EventChannel(IOptions<EventOptions> options)
    {
        channel = Channel.CreateBounded<EventRecord>(new BoundedChannelOptions(Math.Max(1, options.Value.ChannelCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    internal ChannelReader<EventRecord> Reader => channel.Reader;

    /// <summary>Events accepted since start.</summary>
    public long Accepted => Interlocked.Read(ref accepted);

    public bool TryWrite(EventRecord e)
    {
        Check(e);
        if (!channel.Writer.TryWrite(e))
        {
            return false;
        }

        Interlocked.Increment(ref accepted);
        return true;
    }

    public async ValueTask WriteAsync(EventRecord e, CancellationToken ct)
    {
        Check(e);
        await channel.Writer.WriteAsync(e, ct);
        Interlocked.Increment(ref accepted);
    }

    /// <summary>No more events are accepted; the writer drains what is in the channel and ends.</summary>
    internal void Complete() => channel.Writer.TryComplete();

    private static void Check(EventRecord e)
    {
        if (e.Problem() is { } problem)
        {
            throw new ArgumentException($"Malformed event: {problem}.", nameof(e));
        }
    }
}
