using KooMessage.Console.Features.Enterprises;

namespace KooMessage.Console.UnitTests.Enterprises;

public sealed class CreditCodeTests
{
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("91110000802100433B")]
    [InlineData("91310000MA1FL4XN38")]
    public void IsValidUscc_ValidCode_True(string code)
    {
        Assert.True(CreditCode.IsValidUscc(code));
    }

    [Fact]
    public void IsValidUscc_EveryWrongCheckCharacter_False()
    {
        const string valid = "914403001922038216";
        var wrong = UsccAlphabet.Where(c => c != valid[^1]).Select(c => valid[..^1] + c).ToList();

        Assert.Equal(30, wrong.Count);
        Assert.All(wrong, code => Assert.False(CreditCode.IsValidUscc(code), code));
    }

    [Fact]
    public void IsValidUscc_EachBodyCharacterChanged_False()
    {
        const string valid = "914403001922038216";
        for (var i = 0; i < 17; i++)
        {
            var replacement = valid[i] == '0' ? '1' : '0';
            var code = valid[..i] + replacement + valid[(i + 1)..];
            Assert.False(CreditCode.IsValidUscc(code), code);
        }
    }

    [Theory]
    [InlineData("91440300192203821")]
    [InlineData("9144030019220382166")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("91110000802100433b")]
    [InlineData("91310000ma1fl4xn38")]
    [InlineData("9144030019220382I6")]
    [InlineData("91440300192203821O")]
    public void IsValidUscc_WrongLengthCaseOrAlphabet_False(string? code)
    {
        Assert.False(CreditCode.IsValidUscc(code));
    }

    [Fact]
    public void WithUsccCheck_Body_CompletesAValidCode()
    {
        Assert.Equal("914403001922038216", CreditCode.WithUsccCheck("91440300192203821"));
    }

    [Theory]
    [InlineData("192203821")]
    [InlineData("MA1FL4XN6")]
    [InlineData("D2143569X")]
    [InlineData("40000000X")]
    [InlineData("123456788")]
    public void IsValidOrganizationCode_ValidCode_True(string code)
    {
        Assert.True(CreditCode.IsValidOrganizationCode(code));
    }

    [Fact]
    public void IsValidOrganizationCode_EveryWrongCheckCharacter_False()
    {
        const string valid = "192203821";
        var wrong = "0123456789X".Where(c => c != valid[^1]).Select(c => valid[..^1] + c).ToList();

        Assert.All(wrong, code => Assert.False(CreditCode.IsValidOrganizationCode(code), code));
    }

    [Theory]
    [InlineData("19220382")]
    [InlineData("1922038211")]
    [InlineData("19220382-1")]
    [InlineData("d2143569X")]
    [InlineData("D2143569x")]
    [InlineData(null)]
    public void IsValidOrganizationCode_WrongLengthOrCase_False(string? code)
    {
        Assert.False(CreditCode.IsValidOrganizationCode(code));
    }
}
