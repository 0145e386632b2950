using System.Text;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Data;

namespace KooMessage.Console.UnitTests.Files;

public sealed class FileSignaturesTests
{
    [Fact]
    public void Detect_KnownContents_TheirKinds()
    {
        Assert.Equal(FileKind.Png, FileSignatures.Detect(DemoFiles.Png));
        Assert.Equal(FileKind.Pdf, FileSignatures.Detect(DemoFiles.Pdf("x")));
        Assert.Equal(FileKind.Jpeg, FileSignatures.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal(FileKind.Gif, FileSignatures.Detect(Encoding.ASCII.GetBytes("GIF89a....")));
        Assert.Equal(FileKind.Zip, FileSignatures.Detect([0x50, 0x4B, 0x03, 0x04, 0x14]));
        Assert.Equal(FileKind.Rar, FileSignatures.Detect([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00]));
    }

    [Fact]
    public void Detect_WindowsExecutable_Unknown()
    {
        Assert.Equal(FileKind.Unknown, FileSignatures.Detect(Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode")));
    }

    [Theory]
    [InlineData("{\"format\":1}")]
    [InlineData("\ufeff \r\n {}")]
    public void Detect_JsonObject_JsonAfterAByteOrderMarkAndWhiteSpace(string text)
    {
        Assert.Equal(FileKind.Json, FileSignatures.Detect(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("application/json", FileSignatures.ContentTypeOf(FileKind.Json));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("hello {}")]
    public void Detect_TextNotOpeningAnObject_Unknown(string text) =>
        Assert.Equal(FileKind.Unknown, FileSignatures.Detect(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Detect_Empty_Unknown()
    {
        Assert.Equal(FileKind.Unknown, FileSignatures.Detect([]));
    }

    [Fact]
    public void Accept_LicenseRule_ListsImageExtensions()
    {
        Assert.Equal(".jpg,.jpeg,.png,.gif", UploadRule.LicenseImage.Accept);
    }
}
