using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HateCase.App.Tests.Support;
using Xunit.Abstractions;

namespace HateCase.App.Tests;

// The custom-handler contract as the Functions host uses it: POST /{FunctionName} from loopback
// with the host's invocation id, the exact JSON the host sends, and { Outputs, Logs, ReturnValue }
// back; any non-2xx fails the invocation (for a queue message: retried, then poisoned).
[Collection(RunningAppCollection.Name)]
public sealed class TriggerContractTests(RunningAppFixture fixture, ITestOutputHelper output) : AppTestBase(output)
{
    private AppProcess App => Watch(fixture.App);

    // What the host sends for a timer trigger named "timer": the TimerInfo, and only "sys" in Metadata.
    private static string TimerInvocation(string functionName)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["timer"] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject
                    {
                        ["Last"] = now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"),
                        ["Next"] = now.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"),
                        ["LastUpdated"] = now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"),
                    },
                    ["IsPastDue"] = false,
                },
            },
            ["Metadata"] = new JsonObject
            {
                ["sys"] = new JsonObject
                {
                    ["MethodName"] = functionName,
                    ["UtcNow"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        }.ToJsonString();
    }

    // What the host sends for a queue trigger named "message": the text, and the message's metadata.
    private static string QueueInvocation(JsonNode? message)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = message },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = 1,
                ["ExpirationTime"] = now.AddDays(7).ToString("yyyy-MM-ddTHH:mm:sszzz"),
                ["Id"] = Guid.NewGuid().ToString(),
                ["InsertionTime"] = now.ToString("yyyy-MM-ddTHH:mm:sszzz"),
                ["NextVisibleTime"] = now.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:sszzz"),
                ["PopReceipt"] = "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
                ["sys"] = new JsonObject
                {
                    ["MethodName"] = "ProcessQueue",
                    ["UtcNow"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        }.ToJsonString();
    }

    private Task<HttpResponseMessage> Invoke(string functionName, string body, bool withInvocationId = true, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + functionName)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (withInvocationId)
        {
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
            request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
            request.Headers.TryAddWithoutValidation("User-Agent", "Azure-Functions-Host/4.1040.300.0");
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return App.Http.SendAsync(request);
    }

    [Fact]
    public async Task The_readiness_probe_answers()
    {
        using var response = await App.Http.GetAsync("/");

        await Expect.Status(HttpStatusCode.OK, response);
    }

    [Theory]
    [InlineData("SendDailyDigest")]
    public async Task A_timer_invocation_from_the_host_answers_with_the_invocation_result(string functionName)
    {
        using var response = await Invoke(functionName, TimerInvocation(functionName));

        await Expect.Status(HttpStatusCode.OK, response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = result.RootElement;
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Logs").ValueKind);
        Assert.All(root.GetProperty("Logs").EnumerateArray(), log => Assert.Equal(JsonValueKind.String, log.ValueKind));
        Assert.True(root.TryGetProperty("ReturnValue", out _), $"The invocation result carries ReturnValue (null when there is none): {root}");
    }

    [Fact]
    public async Task A_timer_invocation_that_is_past_due_or_has_no_schedule_status_still_runs()
    {
        var body = JsonNode.Parse(TimerInvocation("SendDailyDigest"))!;
        body["Data"]!["timer"]!["IsPastDue"] = true;
        body["Data"]!["timer"]!["ScheduleStatus"] = null;

        using var response = await Invoke("SendDailyDigest", body.ToJsonString());

        await Expect.Status(HttpStatusCode.OK, response);
    }

    [Theory]
    [InlineData("SendDailyDigest")]
    [InlineData("ProcessQueue")]
    public async Task A_trigger_called_without_the_hosts_invocation_id_is_not_found(string functionName)
    {
        using var response = await Invoke(functionName, TimerInvocation(functionName), withInvocationId: false);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("SendDailyDigest")]
    [InlineData("ProcessQueue")]
    public async Task A_trigger_called_without_the_hosts_invocation_id_is_not_found_whatever_the_body(string functionName)
    {
        foreach (var body in new[] { "{\"Data\":", "[]", "" })
        {
            using var response = await Invoke(functionName, body, withInvocationId: false);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST /{functionName} with the body '{body}' answered {(int)response.StatusCode}, telling an outsider the trigger is there.");
        }
    }

    [Theory]
    [InlineData("SendDailyDigest")]
    [InlineData("ProcessQueue")]
    public async Task A_trigger_call_proxied_from_outside_is_not_found(string functionName)
    {
        using var response = await Invoke(functionName, TimerInvocation(functionName), forwardedFor: "203.0.113.7");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_trigger_answers_only_POST()
    {
        using var response = await App.Http.GetAsync("/SendDailyDigest");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"GET answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("{\"kind\":\"no-such-kind\",\"payload\":{}}")]
    [InlineData("{\"kind\":\"\",\"payload\":null}")]
    public async Task Queued_work_of_an_unknown_kind_fails_so_the_host_retries_then_poisons_it(string message)
    {
        // As text (the host passes a queue message as a string) and as the parsed object.
        foreach (var data in new JsonNode?[] { JsonValue.Create(message), JsonNode.Parse(message) })
        {
            using var response = await Invoke("ProcessQueue", QueueInvocation(data));

            Assert.False(response.IsSuccessStatusCode, $"An unknown kind answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\":")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    public async Task A_malformed_queue_message_fails_so_the_host_retries_then_poisons_it(string message)
    {
        using var response = await Invoke("ProcessQueue", QueueInvocation(JsonValue.Create(message)));

        Assert.False(response.IsSuccessStatusCode, $"A malformed message answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True((int)response.StatusCode < 500, $"A malformed message is refused, not an error: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("{\"Data\":{},\"Metadata\":{}}")]
    [InlineData("{\"Metadata\":{\"DequeueCount\":1}}")]
    [InlineData("{\"Data\":")]
    [InlineData("[]")]
    public async Task A_malformed_queue_invocation_fails(string body)
    {
        using var response = await Invoke("ProcessQueue", body);

        Assert.False(response.IsSuccessStatusCode, $"A malformed invocation answered {(int)response.StatusCode}");
        Assert.True((int)response.StatusCode < 500, $"A malformed invocation is refused, not an error: {(int)response.StatusCode}");
    }
}
