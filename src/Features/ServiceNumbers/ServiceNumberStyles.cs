using MudBlazor;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>The colours the pages give states, so the list and the detail agree.</summary>
public static class ServiceNumberStyles
{
    public static Color StateColor(ServiceNumberState state) => state switch
    {
        ServiceNumberState.Active => Color.Success,
        ServiceNumberState.Frozen => Color.Info,
        ServiceNumberState.Expired => Color.Dark,
        _ => Color.Default,
    };

    public static Color ApproveColor(ApproveState state) => state switch
    {
        ApproveState.Approved => Color.Success,
        ApproveState.Rejected => Color.Error,
        _ => Color.Warning,
    };
}
