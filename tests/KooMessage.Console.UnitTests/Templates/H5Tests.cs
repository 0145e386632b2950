using KooMessage.Console.Data.Migrations;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.H5;
using KooMessage.Console.Features.Templates.Preview;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>The H5 page's token, its action links and its language.</summary>
public sealed class H5Tests
{
    [Fact]
    public void New_Tokens_24Base64UrlCharactersOf144RandomBits_EachDifferent()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => H5Token.New()).ToList();

        Assert.All(tokens, t => Assert.True(H5Token.IsWellFormed(t), t));
        Assert.All(tokens, t => Assert.Equal(H5Token.Bytes, Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/')).Length));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(144, H5Token.Bytes * 8);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA/A")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsWellFormed_NotAToken_False(string token) => Assert.False(H5Token.IsWellFormed(token));

    [Fact]
    public void MigrationBackfill_GivesEveryRowItsOwnWellFormedToken()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE "AimTemplateVersions" ("Id" TEXT PRIMARY KEY, "PublicToken" TEXT NOT NULL DEFAULT '');
                INSERT INTO "AimTemplateVersions" ("Id") SELECT hex(randomblob(16)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n);
                """;
            create.ExecuteNonQuery();
        }

        using (var backfill = connection.CreateCommand())
        {
            backfill.CommandText = H5Tokens.BackfillSql;
            backfill.ExecuteNonQuery();
        }

        var tokens = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "PublicToken" FROM "AimTemplateVersions" """;
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                tokens.Add(reader.GetString(0));
            }
        }

        Assert.Equal(200, tokens.Count);
        Assert.All(tokens, t => Assert.True(H5Token.IsWellFormed(t), t));
        Assert.Equal(200, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(ActionType.OpenUrl, "https://shop.example.com/a?b=1", "https://shop.example.com/a?b=1")]
    [InlineData(ActionType.OpenBrowser, "https://shop.example.com/", "https://shop.example.com/")]
    [InlineData(ActionType.OpenUrl, "http://shop.example.com/", null)]
    [InlineData(ActionType.OpenUrl, "javascript:alert(1)", null)]
    [InlineData(ActionType.DialPhone, "+86 10-9555 5", "tel:+861095555")]
    [InlineData(ActionType.DialPhone, "95555;x", null)]
    [InlineData(ActionType.OpenSms, "10086", "sms:10086")]
    [InlineData(ActionType.OpenEmail, "service@example.com", "mailto:service@example.com")]
    [InlineData(ActionType.OpenEmail, "a@b.com?bcc=c@d.com", null)]
    [InlineData(ActionType.OpenApp, "shop://home", null)]
    [InlineData(ActionType.OpenMap, "上海", null)]
    [InlineData(ActionType.CopyParameter, "CODE", null)]
    [InlineData(ActionType.OpenUrl, "", null)]
    public void For_Action_LinkWhereTheWebCan(ActionType type, string target, string? href) =>
        Assert.Equal(href, H5Link.For(type, TemplateAction.To(target), t => t)?.Href);

    [Fact]
    public void For_SmsAndEmail_BodyAndSubjectFilledAndEscaped()
    {
        var sms = H5Link.For(ActionType.OpenSms, TemplateAction.To("10086") with { Body = "查询 ${n}" }, t => t.Replace("${n}", "A&B", StringComparison.Ordinal));
        var mail = H5Link.For(ActionType.OpenEmail, TemplateAction.To("s@example.com") with { Subject = "退订", Body = "a b" }, t => t);

        Assert.Equal("sms:10086?body=%E6%9F%A5%E8%AF%A2%20A%26B", sms?.Href);
        Assert.Equal("mailto:s@example.com?subject=%E9%80%80%E8%AE%A2&body=a%20b", mail?.Href);
    }

    [Theory]
    [InlineData("", "zh-CN")]
    [InlineData("en-US,en;q=0.9", "en-US")]
    [InlineData("en-GB", "en-US")]
    [InlineData("fr-FR,en;q=0.5,zh;q=0.8", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("de-DE", "zh-CN")]
    [InlineData("en;q=0,*", "zh-CN")]
    public void Language_AcceptLanguage_TheConsolesLanguageWantedMost(string header, string expected) =>
        Assert.Equal(expected, H5Language.Of(StringWithQualityHeaderValue.ParseList(header.Split(',', StringSplitOptions.RemoveEmptyEntries))));
}
