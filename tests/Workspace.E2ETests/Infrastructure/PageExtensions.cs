using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Workspace.E2ETests.Infrastructure;

public static partial class PageExtensions
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

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
    /// <remarks>
    /// axe runs in the page itself, injected once per document, and sends back only its violations. The
    /// Deque.AxeCore.Playwright runner also opens a page of its own to merge partial results and sends every
    /// passing node back: the same rules and violations, but ~10 s instead of ~2 s per dashboard scan here.
    /// </remarks>
    public static async Task AssertNoAccessibilityViolationsAsync(this IPage page)
    {
        // A snackbar fading in or out has its colours mid-blend; axe would measure the blend, not the design.
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            await page.EvaluateAsync(AxeScript.Value);
        }

        var json = await page.EvaluateAsync<string>(
            """
            async tags => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                  target: n.target.flat().join(" "), html: n.html,
                  messages: [...n.any, ...n.all, ...n.none].map(check => check.message),
                })),
              })));
            }
            """,
            WcagTags);
        var violations = JsonSerializer.Deserialize<AxeViolation[]>(json, JsonSerializerOptions.Web) ?? [];

        if (violations.Length == 0)
        {
            return;
        }

        var report = new List<string> { $"{violations.Length} accessibility violation(s) on {page.Url}:" };
        foreach (var violation in violations)
        {
            report.Add($"- {violation.Id} ({violation.Impact}): {violation.Help} ({violation.HelpUrl})");
            report.AddRange(violation.Nodes.Select(node => $"    {node.Target}: {node.Html}{Environment.NewLine}      {string.Join("; ", node.Messages)}"));
        }

        Assert.Fail(string.Join(Environment.NewLine, report));
    }

    private sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, AxeViolationNode[] Nodes);

    private sealed record AxeViolationNode(string Target, string Html, string[] Messages);

    public static Regex PartnershipsUrl() => PartnershipsUrlPattern();

    /// <summary>Matches a partnership's overview URL and captures its id.</summary>
    public static Regex OverviewUrl() => OverviewUrlPattern();

    [GeneratedRegex(@"/partnerships$")]
    private static partial Regex PartnershipsUrlPattern();

    [GeneratedRegex(@"/p/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex OverviewUrlPattern();
}
