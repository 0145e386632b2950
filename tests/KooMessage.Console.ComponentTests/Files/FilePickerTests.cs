using System.Text;
using Bunit;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Components.Shared;
using KooMessage.Console.Data;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Files;

/// <summary>The picker streams what the user chooses to the staging area and checks it there; nothing is held in memory.</summary>
public sealed class FilePickerTests : ConsoleComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private List<UploadedFile> handedOver = [];

    private IRenderedComponent<FilePicker> RenderPicker() => Render<FilePicker>(p => p
        .Add(x => x.Label, "营业执照")
        .Add(x => x.Rule, UploadRule.LicenseImage)
        .Add(x => x.PickedChanged, EventCallback.Factory.Create<List<UploadedFile>>(this, files => handedOver = files)));

    private static void Choose(IRenderedComponent<FilePicker> picker, byte[] content, string name) =>
        picker.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name));

    [Fact]
    public void Choose_Png_StagedOnDiskAndHandedToTheForm()
    {
        var picker = RenderPicker();

        Choose(picker, DemoFiles.Png, "营业执照.png");

        picker.WaitForAssertion(() => Assert.Single(handedOver), Wait);
        var upload = handedOver[0];
        Assert.Equal((FileKind.Png, "营业执照.png"), (upload.Kind, upload.FileName));
        Assert.Equal([upload.StagedPath], Services.StagedPaths());
        Assert.Equal(DemoFiles.Png, File.ReadAllBytes(upload.StagedPath));
        picker.WaitForAssertion(() => Assert.Contains("营业执照.png", picker.Find("[data-testid=picked-file]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void Choose_ExecutableNamedPng_RefusedByContentAndNothingStaged()
    {
        var picker = RenderPicker();

        Choose(picker, Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode."), "营业执照.png");

        picker.WaitForAssertion(() => Assert.Contains("按文件内容判断", picker.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(handedOver);
        Assert.Empty(Services.StagedPaths());
    }

    [Fact]
    public void Choose_Again_TheReplacedFileIsDeleted()
    {
        var picker = RenderPicker();
        Choose(picker, DemoFiles.Png, "第一张.png");
        picker.WaitForAssertion(() => Assert.Single(handedOver), Wait);
        var first = handedOver[0];
        picker.Render(p => p.Add(x => x.Picked, handedOver));

        Choose(picker, DemoFiles.Png, "第二张.png");

        picker.WaitForAssertion(() => Assert.Equal("第二张.png", Assert.Single(handedOver).FileName), Wait);
        Assert.Equal([handedOver[0].StagedPath], Services.StagedPaths());
        Assert.False(first.IsAvailable);
    }

    [Theory]
    [InlineData("js")]
    [InlineData("timeout")]
    public async Task Choose_BrowserStreamFails_SaysSoAndTheNextChoiceWorks(string failure)
    {
        var picker = RenderPicker();
        var upload = picker.FindComponent<MudFileUpload<IReadOnlyList<IBrowserFile>>>();

        // The browser's file went away while it was read (the input replaced, the interop's time out): the user hears it at the picker.
        await picker.InvokeAsync(() => upload.Instance.FilesChanged.InvokeAsync([new FailingFile("营业执照.png", failure)]));

        picker.WaitForAssertion(() => Assert.Contains("营业执照.png", picker.Find("[data-km-field-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(handedOver);
        Assert.Empty(Services.StagedPaths());
        Choose(picker, DemoFiles.Png, "营业执照.png");
        picker.WaitForAssertion(() => Assert.Single(handedOver), Wait);
    }

    private sealed class FailingFile(string name, string failure) : IBrowserFile
    {
        public string Name => name;

        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

        public long Size => 1024;

        public string ContentType => "image/png";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            throw (failure == "js" ? new JSException("There is no file with ID 0 available for reading.") : new TaskCanceledException());
    }
}
