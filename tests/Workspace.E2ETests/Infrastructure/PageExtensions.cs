using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Workspace.E2ETests.Infrastructure;

public static partial class PageExtensions
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>Signs in through the static sign-in form and waits for the landing page.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(PartnershipsUrl(), new() { Timeout = 30_000 });
    }

    /// <summary>Opens <paramref name="path"/> and waits until the circuit is interactive (earlier clicks are lost).</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Waits for the URL; when it does not come, fails with what the page showed instead (its URL, open
    /// dialogs, alerts, the reconnection banner), so a failure in a shared run can be understood afterwards.
    /// The URL is polled rather than awaited as a navigation event: an in-app navigation is a history push
    /// that can land between reading the URL and subscribing to the event, and would then be waited for
    /// in vain.
    /// </summary>
    public static async Task WaitForUrlOrExplainAsync(this IPage page, Regex url)
    {
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 30_000 });
        }
        catch (PlaywrightException timeout)
        {
            string shown;
            try
            {
                shown = await page.EvaluateAsync<string>(
                """
                () => {
                  const text = selector => [...document.querySelectorAll(selector)].map(e => e.innerText.trim()).filter(t => t).join(' | ');
                  const reconnect = document.querySelector('#components-reconnect-modal[open], .components-reconnect-show, .components-reconnect-failed');
                  return `dialogs: [${text('[role=dialog]')}]; alerts: [${text('[role=alert], .mud-alert')}]; ` +
                    `reconnect banner: ${reconnect ? reconnect.className || 'shown' : 'none'}; interactive: ${document.querySelector('.app-shell')?.dataset.interactive}`;
                }
                """);
            }
            catch (PlaywrightException unreadable)
            {
                shown = $"nothing readable ({unreadable.Message})";
            }

            throw new TimeoutException($"Still on {page.Url} instead of a URL matching {url}; the page showed {shown}", timeout);
        }
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator(".app-shell[data-interactive='true']").WaitForAsync();

    /// <summary>Runs axe with the WCAG 2.2 AA rule set and fails with every violation listed.</summary>
    public static async Task AssertNoAccessibilityViolationsAsync(this IPage page)
    {
        // A snackbar fading in or out has its colours mid-blend; axe would measure the blend, not the design.
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        });

        if (result.Violations.Length == 0)
        {
            return;
        }

        var report = new List<string> { $"{result.Violations.Length} accessibility violation(s) on {page.Url}:" };
        foreach (var violation in result.Violations)
        {
            report.Add($"- {violation.Id} ({violation.Impact}): {violation.Help} ({violation.HelpUrl})");
            report.AddRange(violation.Nodes.Select(node => $"    {node.Target}: {node.Html}{Environment.NewLine}      {string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message))}"));
        }

        Assert.Fail(string.Join(Environment.NewLine, report));
    }

    public static Regex PartnershipsUrl() => PartnershipsUrlPattern();

    /// <summary>Matches a partnership's overview URL and captures its id.</summary>
    public static Regex OverviewUrl() => OverviewUrlPattern();

    [GeneratedRegex(@"/partnerships$")]
    private static partial Regex PartnershipsUrlPattern();

    [GeneratedRegex(@"/p/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex OverviewUrlPattern();
}
