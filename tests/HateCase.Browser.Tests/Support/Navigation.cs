using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HateCase.Browser.Tests.Support;

// Waiting for a page without racing the driver. The client's WaitForURLAsync checks the address
// and then subscribes to load events, and on a busy machine the event can arrive in between and
// be lost, leaving the wait to time out on a page that loaded long ago. The address is asserted
// instead (the driver polls it), and a load state is waited for in short tries, because a state
// that was missed is still recorded and the next try finds it at once.
public static class Navigation
{
    private static readonly TimeSpan Try = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task ExpectPath(this IPage page, string path)
    {
        var pattern = new Regex("^https?://[^/]+" + Regex.Escape(path) + "(?:[?#].*)?$");
        await Expect(page).ToHaveURLAsync(pattern, new() { Timeout = (float)Limit.TotalMilliseconds });
        await page.Settle(LoadState.Load);
    }

    public static async Task Settle(this IPage page, LoadState state)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Limit;
        while (true)
        {
            try
            {
                await page.WaitForLoadStateAsync(state, new() { Timeout = (float)Try.TotalMilliseconds });
                return;
            }
            catch (TimeoutException) when (DateTimeOffset.UtcNow < giveUpAt)
            {
            }
        }
    }
}
