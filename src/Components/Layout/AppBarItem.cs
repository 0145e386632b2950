namespace KooMessage.Console.Components.Layout;

/// <summary>
/// A module's widget in the app bar (beside the notifications), registered with its services: the layout renders each
/// for a signed-in user, passing the user as the component's <c>User</c> parameter, and knows nothing of what it shows.
/// </summary>
public sealed record AppBarItem(Type Component);
