namespace Workspace.Web.Components.Account.Shared;

/// <summary>The fields of <c>ConfirmItsYouFields</c>, as a page's form receives them.</summary>
internal sealed class ConfirmInput
{
    public string? Password { get; set; }

    public string? Code { get; set; }
}
