using System.Net;
using System.Net.Sockets;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>The rate limiter, the gateway's answers, reply keywords and the numbers' form.</summary>
public sealed class SendingRulesTests
{
    [Fact]
    public void TokenBucket_AtItsRate_SpacesTakersEvenlyAfterTheBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(1_000, 50, clock);

        var waits = Enumerable.Range(0, 150).Select(_ => bucket.Reserve()).ToList();

        Assert.All(waits.Take(50), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.Equal(TimeSpan.FromMilliseconds(1), waits[50]);
        Assert.Equal(TimeSpan.FromMilliseconds(100), waits[149]);
    }

    [Fact]
    public void TokenBucket_ManyTakersAtOnce_GoNoFasterThanRatePlusBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(1_000, 50, clock);

        var goAt = Enumerable.Range(0, 3_000).Select(_ => bucket.Reserve()).ToList();

        Assert.InRange(goAt.Count(w => w < TimeSpan.FromSeconds(1)), 1_000, 1_050);
        Assert.Equal(TimeSpan.FromMilliseconds(2_950), goAt[^1]);
        Assert.Equal(goAt.Order().ToList(), goAt);
    }

    [Fact]
    public void TokenBucket_IdleLongerThanBurst_SavesOnlyTheBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 2, clock);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve());
    }

    [Fact]
    public async Task TokenBucket_TakeAsync_WaitsForTheClock()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(1, 1, clock);
        await bucket.TakeAsync(CancellationToken.None);

        var second = bucket.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await second;
    }

    [Fact]
    public void ForRate_SlowTask_SavesOneMessage()
    {
        var clock = new FakeTimeProvider();
        var bucket = TokenBucket.ForRate(1, clock);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve());
    }

    [Theory]
    [InlineData(202, "0: Accepted for delivery", SubmitVerdict.Accepted)]
    [InlineData(202, "3: Queued for later delivery", SubmitVerdict.Accepted)]
    [InlineData(200, "0: Accepted for delivery", SubmitVerdict.Accepted)]
    [InlineData(403, "Not routable. Do not try again.", SubmitVerdict.Refused)]
    [InlineData(400, "Missing receiver number", SubmitVerdict.Refused)]
    [InlineData(403, "Authorization failed for sendsms", SubmitVerdict.RetryLater)]
    [InlineData(403, "Forbidden", SubmitVerdict.Refused)]
    [InlineData(503, "Sending failed.", SubmitVerdict.RetryLater)]
    [InlineData(500, "", SubmitVerdict.RetryLater)]
    [InlineData(408, "", SubmitVerdict.RetryLater)]
    [InlineData(429, "", SubmitVerdict.RetryLater)]
    public void Classify_KannelsAnswer_IsItsVerdict(int status, string body, SubmitVerdict verdict)
    {
        var outcome = KannelGateway.Classify(status, body);

        Assert.Equal(verdict, outcome.Verdict);
        Assert.NotEmpty(outcome.Reason);
    }

    [Fact]
    public async Task Submit_NothingListening_IsRetryLater()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var outcome = await Gateway(port, timeoutSeconds: 10).SubmitAsync(Sms, CancellationToken.None);

        Assert.Equal(SubmitVerdict.RetryLater, outcome.Verdict);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Submit_ConnectionClosedAfterTheRequest_InDoubtAndSentOnce(bool reset)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var requests = 0;
        var server = Task.Run(async () =>
        {
            // Reads each request, then hangs up without a word: the gateway may have taken the message. A client that
            // tried again would be heard here; .NET's handler did so after a close (four requests), never after a reset.
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    _ = await client.GetStream().ReadAsync(new byte[4096], stop.Token);
                    Interlocked.Increment(ref requests);
                    if (reset)
                    {
                        client.Client.Close(0);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var outcome = await Gateway(((IPEndPoint)listener.LocalEndpoint).Port, timeoutSeconds: 30).SubmitAsync(Sms, CancellationToken.None);
        await stop.CancelAsync();
        await server;

        Assert.Equal(SubmitVerdict.InDoubt, outcome.Verdict);
        Assert.DoesNotContain("no answer within", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Submit_NoAnswerInTime_IsInDoubt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var release = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            // Takes the request and never answers until the test is over. On a busy machine the gateway may give up
            // and reset before this task reads, or before it writes its request at all while its socket stays open (a
            // read that would never end): the kernel accepted the connection, so the verdict is the same.
            using var client = await listener.AcceptTcpClientAsync();
            var buffer = new byte[4096];
            try
            {
                _ = await client.GetStream().ReadAsync(buffer, release.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                return;
            }

            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var outcome = await Gateway(((IPEndPoint)listener.LocalEndpoint).Port, timeoutSeconds: 0.5).SubmitAsync(Sms, CancellationToken.None);
        await release.CancelAsync();
        await server;

        Assert.Equal((SubmitVerdict.InDoubt, "no answer within 0.5 s"), (outcome.Verdict, outcome.Reason));
    }

    private static readonly OutgoingSms Sms = new(Guid.NewGuid(), Guid.NewGuid(), "13800000001", "【星河】测试");

    private static KannelGateway Gateway(int port, double timeoutSeconds) =>
        new(new OneClient(), Options.Create(new KannelOptions
        {
            SendSmsUrl = $"http://127.0.0.1:{port}/cgi-bin/sendsms", User = "u", Password = "p", CallbackBaseUrl = "http://127.0.0.1:1", CallbackSecret = "s",
            TimeoutSeconds = timeoutSeconds,
        }));

    private sealed class OneClient : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
    }

    [Fact]
    public void Classify_LongAnswer_KeepsAResultCodeThatFits()
    {
        Assert.Equal(SendMessage.ResultMax, KannelGateway.Classify(403, new string('x', 500)).Reason.Length);
    }

    [Fact]
    public void SendUrl_CarriesUtf8UcsTwoTheReportMaskAndAnEscapedCallback()
    {
        var o = new KannelOptions { SendSmsUrl = "http://127.0.0.1:1/cgi-bin/sendsms", User = "u", Password = "p&q", CallbackBaseUrl = "http://127.0.0.1:2/", CallbackSecret = "s3" };
        var account = Guid.NewGuid();
        var message = Guid.NewGuid();

        var url = KannelGateway.SendUrl(o, new OutgoingSms(account, message, "13800000000", "您好 R"));

        Assert.Contains("&coding=2&charset=UTF-8", url, StringComparison.Ordinal);
        Assert.Contains("&dlr-mask=27", url, StringComparison.Ordinal);
        Assert.Contains("password=p%26q", url, StringComparison.Ordinal);
        Assert.Contains("text=%E6%82%A8%E5%A5%BD%20R", url, StringComparison.Ordinal);
        var dlr = Uri.UnescapeDataString(url[(url.IndexOf("dlr-url=", StringComparison.Ordinal) + 8)..]);
        Assert.Equal($"http://127.0.0.1:2/gateway/kannel/s3/dlr?a={account:N}&m={message:N}&t=%d&at=%T&r=%A", dlr);
    }

    [Fact]
    public void ReadStatus_SmsboxAndAnSmscOnline_IsConnected()
    {
        const string Xml = """
            <gateway><boxes><box><type>smsbox</type><status>on-line 0d 0h 0m 2s</status></box></boxes>
            <smscs><count>2</count><smsc><id>sim1</id><status>online 2s</status></smsc><smsc><id>mo1</id><status>connecting</status></smsc></smscs></gateway>
            """;

        var status = KannelGateway.ReadStatus(Xml);

        Assert.True(status.Connected);
        Assert.Contains("mo1 connecting", status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<gateway><boxes></boxes><smscs><smsc><id>sim1</id><status>online 2s</status></smsc></smscs></gateway>")]
    [InlineData("<gateway><boxes><box><type>smsbox</type></box></boxes><smscs><smsc><id>sim1</id><status>re-connecting</status></smsc></smscs></gateway>")]
    [InlineData("<gateway><boxes><box><type>smsbox</type></box></boxes><smscs></smscs></gateway>")]
    public void ReadStatus_NoSmsboxOrNoSmscOnline_IsNotConnected(string xml)
    {
        Assert.False(KannelGateway.ReadStatus(xml).Connected);
    }

    [Fact]
    public void Backoff_GrowsTwofoldUpToTheCap()
    {
        var o = new SendingOptions { RetryBaseMs = 1_000, RetryMaxMs = 60_000 };

        Assert.Equal(TimeSpan.FromSeconds(1), SendingRules.Backoff(1, o));
        Assert.Equal(TimeSpan.FromSeconds(2), SendingRules.Backoff(2, o));
        Assert.Equal(TimeSpan.FromSeconds(32), SendingRules.Backoff(6, o));
        Assert.Equal(TimeSpan.FromSeconds(60), SendingRules.Backoff(7, o));
        Assert.Equal(TimeSpan.FromSeconds(60), SendingRules.Backoff(100, o));
    }

    [Theory]
    [InlineData("R", "R")]
    [InlineData(" r ", "R")]
    [InlineData("Ｒ", "R")]
    [InlineData("td", "TD")]
    [InlineData("ＴＤ\n", "TD")]
    [InlineData("t", "T")]
    [InlineData("退订", "退订")]
    [InlineData(" 退订　", "退订")]
    [InlineData("R\u200B", "R")]
    public void OptOutKeyword_Keyword_IsRecognized(string reply, string keyword)
    {
        Assert.Equal(keyword, SendingRules.OptOutKeyword(reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("RR")]
    [InlineData("R please")]
    [InlineData("退订吧")]
    [InlineData("TDD")]
    [InlineData("好的")]
    public void OptOutKeyword_OtherReply_IsNone(string reply)
    {
        Assert.Null(SendingRules.OptOutKeyword(reply));
    }

    [Theory]
    [InlineData("13800000001", "13800000001")]
    [InlineData("8613800000001", "13800000001")]
    [InlineData("+86 138-0000-0001", "13800000001")]
    [InlineData("008613800000001", "13800000001")]
    [InlineData("23800000001", null)]
    [InlineData("1380000000", null)]
    [InlineData("138000000011", null)]
    public void Mobile_Forms_AreOneNumber(string raw, string? mobile)
    {
        Assert.Equal(mobile, SendingRules.Mobile(raw));
    }

    [Fact]
    public void ReplyText_UcsTwo_IsDecodedFromBigEndianBytes()
    {
        Assert.Equal("退订", GatewayCallbacks.ReplyText("?from=1&coding=2&charset=UTF-16BE&text=%90%00%8B%A2", "2", "UTF-16BE"));
        Assert.Equal("R", GatewayCallbacks.ReplyText("?from=1&coding=0&charset=&text=R", "0", ""));
        Assert.Equal("退订", GatewayCallbacks.ReplyText("?text=%E9%80%80%E8%AE%A2&coding=0", "0", "UTF-8"));
    }

    [Fact]
    public void SameSecret_ComparesWholeSecrets()
    {
        Assert.True(GatewayCallbacks.SameSecret("abc123", "abc123"));
        Assert.False(GatewayCallbacks.SameSecret("abc12", "abc123"));
        Assert.False(GatewayCallbacks.SameSecret("abc124", "abc123"));
        Assert.False(GatewayCallbacks.SameSecret("", "abc123"));
    }

    [Theory]
    [InlineData(Roles.FullAccess, true)]
    [InlineData(Roles.CommonOperations, true)]
    [InlineData(Roles.Development, false)]
    [InlineData(Roles.ReadOnlyAccess, false)]
    [InlineData(Roles.Reviewer, false)]
    [InlineData(Roles.PlatformAdmin, false)]
    public void SendManage_HeldByFullAccessAndCommonOperations(string role, bool holds)
    {
        Assert.Equal(holds, PermissionRules.Allows(role, Permission.SendManage));
        Assert.True(PermissionRules.IsWrite(Permission.SendManage));
    }
}
