using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HateCase.App.Functions;

// An officer API request's JSON body, read with the API's JSON settings (enums in kebab case),
// within a size limit; anything else is a problem saying what to send.
public static class JsonBody
{
    // Far more than any command takes (an incident's description is at most 8,000 characters).
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, IResult? Problem)> Read<T>(HttpContext http)
        where T : class
    {
        var request = http.Request;
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(title: "Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(body, options, http.RequestAborted) is { } value
                ? (value, null)
                : (null, Unreadable());
        }
        catch (JsonException)
        {
            return (null, Unreadable());
        }
    }

    private static IResult Unreadable() =>
        TypedResults.Problem(title: "The request could not be read: send a JSON object.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge() =>
        TypedResults.Problem(title: $"The request is too large: send at most {MaxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
