namespace KooMessage.Console.Features.Events;

/// <summary>
/// Where producers hand events to the store: a bounded channel drained by one batched writer (<see cref="EventWriter"/>).
/// An event accepted here is written, also when the console stops gracefully; nothing waits on the database.
/// </summary>
public interface IEventSink
{
    /// <summary>Accepts the event unless the channel is full (or closed by a stop); never waits.</summary>
    /// <exception cref="ArgumentException">The event is malformed (<see cref="EventRecord.Problem"/>).</exception>
    bool TryWrite(EventRecord e);

    /// <summary>Accepts the event, waiting while the channel is full (backpressure).</summary>
    /// <exception cref="ArgumentException">The event is malformed.</exception>
    /// <exception cref="System.Threading.Channels.ChannelClosedException">The console is stopping and accepts no more.</exception>
    ValueTask WriteAsync(EventRecord e, CancellationToken ct);
}
