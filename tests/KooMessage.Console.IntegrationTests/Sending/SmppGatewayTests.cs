using KooMessage.Console.Features.Sending;

namespace KooMessage.Console.IntegrationTests.Sending;

/// <summary>
/// Send tasks through Kannel to an SMPP SMSC (the simulator of <c>scripts/smsc-sim.js</c>): the carrier's receipts —
/// delivered, undelivered (DLR 2) and refused by the SMSC (DLR 16) — each settle their row with the carrier's words.
/// </summary>
public sealed class SmppGatewayTests(SmppGatewayFixture gateway) : IClassFixture<SmppGatewayFixture>
{
    private const string Delivers = "13800000001";
    private const string Undelivered = "18880000001";
    private const string RefusedBySmsc = "19770000001";

    [Fact]
    public async Task Task_CarrierReceipts_DeliveredUndeliveredAndRefused_EachSettleTheirRow()
    {
        var task = await gateway.SendAsync("运营商回执", [Delivers, Undelivered, RefusedBySmsc]);

        var done = await gateway.WaitAsync(task, p => p.Delivered + p.Failed == 3 && p.State == SendTaskState.Completed);

        Assert.Equal((1, 2), (done.Delivered, done.Failed));
        var messages = (await gateway.MessagesAsync(task)).ToDictionary(m => m.Mobile);
        Assert.Equal(SendMessageState.Delivered, messages[Delivers].State);
        Assert.Equal(SendMessageState.Failed, messages[Undelivered].State);
        Assert.StartsWith("DLR 2: ", messages[Undelivered].ResultCode, StringComparison.Ordinal);
        Assert.Contains("stat:UNDELIV err:001", messages[Undelivered].ResultCode, StringComparison.Ordinal);
        Assert.Equal(SendMessageState.Failed, messages[RefusedBySmsc].State);
        Assert.StartsWith("DLR 16: ", messages[RefusedBySmsc].ResultCode, StringComparison.Ordinal);
        Assert.Contains("Invalid Destination Address", messages[RefusedBySmsc].ResultCode, StringComparison.Ordinal);

        // Each reached the SMSC once: a failure report is final, never a reason to send again.
        var received = await gateway.Kannel.SmscReceivedAsync();
        Assert.All(new[] { Delivers, Undelivered, RefusedBySmsc }, n => Assert.Equal(1, received.GetValueOrDefault(n)));
        Assert.All(messages.Values, m => Assert.Equal(1, m.Attempts));
    }
}
