using KooMessage.Console.Features.Capability;

namespace KooMessage.Console.UnitTests.Capability;

public sealed class MobileNumbersTests
{
    // SHA1("8613800138000"), computed independently (sha1sum).
    private const string Sha1Of8613800138000 = "d08d34f991404450e729a04a72d2b48d299dc69d";

    [Theory]
    [InlineData("13800138000")]
    [InlineData("8613800138000")]
    [InlineData("008613800138000")]
    [InlineData("+8613800138000")]
    [InlineData(" +86 138-0013-8000 ")]
    public void Parse_FourPlainForms_AreOneNumber(string input)
    {
        Assert.Equal("8613800138000", MobileNumbers.CountryCodeAndNumber(input, out var problem));
        Assert.Null(problem);
        Assert.Equal(Sha1Of8613800138000, MobileNumbers.Parse(input, EncryptionAlg.None).Sha1);
    }

    [Theory]
    [InlineData("1310000")]
    [InlineData("861310000")]
    [InlineData("00861310000")]
    [InlineData("+861310000")]
    public void Parse_ReferenceExample_IsCountryCode86AndNumber(string input) =>
        Assert.Equal("861310000", MobileNumbers.CountryCodeAndNumber(input, out _));

    [Fact]
    public void Parse_PlusAnd00_ReadTheCountryCode()
    {
        Assert.Equal("447911123456", MobileNumbers.CountryCodeAndNumber("+447911123456", out _));
        Assert.Equal("447911123456", MobileNumbers.CountryCodeAndNumber("00447911123456", out _));
        // The trunk 0 after the country code is not part of the number.
        Assert.Equal("447911123456", MobileNumbers.CountryCodeAndNumber("+44 07911 123456", out _));
    }

    [Theory]
    [InlineData("138a0138000", NumberProblem.NotDigits)]
    [InlineData("abc", NumberProblem.NotDigits)]
    [InlineData("+86 138.0013", NumberProblem.NotDigits)]
    [InlineData("12", NumberProblem.TooShort)]
    [InlineData("+", NumberProblem.TooShort)]
    [InlineData("1380013800012345678", NumberProblem.TooLong)]
    [InlineData("+99912345678", NumberProblem.InvalidCountryCode)]
    public void Parse_NotANumber_SaysWhy(string input, NumberProblem expected)
    {
        var parsed = MobileNumbers.Parse(input, EncryptionAlg.None);

        Assert.False(parsed.IsValid);
        Assert.Equal(expected, parsed.Problem);
    }

    [Fact]
    public void Parse_InputLength_FortyAtMostInEitherForm()
    {
        var hex = Sha1Of8613800138000;
        Assert.Equal(MobileNumbers.InputMax, hex.Length);
        Assert.True(MobileNumbers.Parse(hex, EncryptionAlg.Sha1).IsValid);
        Assert.Equal(NumberProblem.NotSha1, MobileNumbers.Parse(hex[..39], EncryptionAlg.Sha1).Problem);
        Assert.Equal(NumberProblem.InputTooLong, MobileNumbers.Parse(hex + "0", EncryptionAlg.Sha1).Problem);

        // A plain entry of 40 characters is read (and refused as a number); at 41 it is refused for its length.
        var forty = "+86 " + new string('1', 36);
        Assert.Equal(40, forty.Length);
        Assert.Equal(NumberProblem.TooLong, MobileNumbers.Parse(forty, EncryptionAlg.None).Problem);
        Assert.Equal(NumberProblem.InputTooLong, MobileNumbers.Parse(forty + "1", EncryptionAlg.None).Problem);
        Assert.Equal(NumberProblem.NotDigits, MobileNumbers.Parse("+86 138 0013 8000" + new string('-', 22) + "x", EncryptionAlg.None).Problem);
    }

    [Fact]
    public void Parse_Sha1_HexOfEitherCaseIsTheSameNumber()
    {
        var upper = MobileNumbers.Parse(Sha1Of8613800138000.ToUpperInvariant(), EncryptionAlg.Sha1);
        var lower = MobileNumbers.Parse(Sha1Of8613800138000, EncryptionAlg.Sha1);

        Assert.Equal(lower.Sha1, upper.Sha1);
        Assert.Equal(MobileNumbers.Parse("13800138000", EncryptionAlg.None).Sha1, upper.Sha1);
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("g" + "123456789012345678901234567890123456789")]
    [InlineData("1234567890123456789012345678901234567890ab")]
    public void Parse_Sha1NotFortyHexDigits_Refused(string input) =>
        Assert.False(MobileNumbers.Parse(input, EncryptionAlg.Sha1).IsValid);

    [Fact]
    public void Entries_LinesAndCommas_NumberedByLine()
    {
        var entries = MobileNumbers.Entries("13800138000, 13900139000\n\n+8613700137000；13600136000\r\n");

        Assert.Equal([(1, "13800138000"), (1, "13900139000"), (3, "+8613700137000"), (3, "13600136000")], entries);
    }
}
