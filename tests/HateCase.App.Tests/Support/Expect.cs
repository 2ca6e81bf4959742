using System.Net;
using System.Text.Json;

namespace HateCase.App.Tests.Support;

public static class Expect
{
    public static async Task Status(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode} {response.StatusCode}, not {(int)expected} {expected}. Body: {body}");
        }
    }

    // A problem details answer (RFC 9457) with the status given; returns it for further checks.
    public static async Task<JsonElement> Problem(HttpStatusCode expected, HttpResponseMessage response)
    {
        await Status(expected, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "A problem says what is wrong in its title.");
        return problem;
    }

    // A validation problem naming each bad field in "errors"; returns those errors.
    public static async Task<IReadOnlyDictionary<string, string[]>> ValidationProblem(HttpResponseMessage response, params string[] fields)
    {
        var problem = await Problem(HttpStatusCode.BadRequest, response);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"A validation problem names the bad fields in 'errors': {problem}");
        var named = errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
        foreach (var field in fields)
        {
            Assert.True(named.TryGetValue(field, out var messages) && messages.Length > 0 && messages.All(m => m.Length > 0),
                $"The problem names '{field}' with a message: {problem}");
        }
        return named;
    }

    // Text people typed comes back JSON-escaped (\u003Cscript\u003E), never as markup a browser could run.
    public static void NoRawMarkup(string body, string markup)
    {
        Assert.False(body.Contains(markup, StringComparison.OrdinalIgnoreCase),
            $"The response carries '{markup}' unescaped: {Shorten(body)}");
    }

    public static string Shorten(string text, int max = 2_000) => text.Length <= max ? text : text[..max] + "…";
}
