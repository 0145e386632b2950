namespace KooMessage.Console.Common.Security;

/// <summary>One permission per module and action. Each is also an authorization policy of the same name.</summary>
public enum Permission
{
    OverviewView,
    FilingView,
    FilingManage,
    SmsAppView,
    SmsAppManage,
    SignatureView,
    SignatureManage,
    SignatureExport,
    SmsTemplateView,
    SmsTemplateManage,
    TemplateView,
    TemplateManage,
    TemplateExport,
    MaterialView,
    MaterialManage,
    ShortLinkView,
    ShortLinkManage,
    CapabilityCheck,
    CapabilityImport,

    /// <summary>Create, start, pause, resume and cancel send tasks (发送任务).</summary>
    SendManage,

    /// <summary>Read send details (发送任务明细) and the opt-out list (退订名单), numbers masked.</summary>
    SendView,

    /// <summary>See recipients' numbers in full in send details, opt-outs and their exports.</summary>
    MobileView,

    /// <summary>Add numbers to and remove them from the opt-out list.</summary>
    OptOutManage,
    ServiceNumberView,
    ServiceNumberManage,
    MenuView,
    MenuManage,
    ChannelView,
    ChannelManage,
    PackageView,
    PackageBuy,
    BillView,
    ReportView,
    ReportExport,
    DownloadView,
    UserView,
    ApiKeyView,
    ApiKeyManage,
    EventIngest,
    UserManage,
    AuditView,
    ReviewView,
    ReviewDecide,
    AccountManage,
    StaffManage,
    SettingsManage,
}
