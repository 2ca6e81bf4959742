using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace HateCase.App.Functions;

// The pages' styles, scripts, fonts and images (GOV.UK Frontend under /govuk/, the app's own under
// /css/ and /js/), from the wwwroot folder beside the app. Only files of a known type under that
// folder are served: a path that climbs out of it, names a hidden file or has an odd character is
// not found, never read.
public sealed class StaticFileFunctions(RequestGate gate)
{
    // Not fingerprinted, so kept for an hour; an unchanged file is then revalidated by its ETag.
    private const string CacheControl = "public, max-age=3600";

    private static readonly IFileProvider WebRoot = WebRootFiles();
    // The kinds of file the pages ask for; anything else (a compressed copy, a source file) is not served.
    private static readonly FileExtensionContentTypeProvider ContentTypes = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".map"] = "application/json",
        [".json"] = "application/json",
        [".ico"] = "image/x-icon",
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
    });

    [Function("GovUkFrontend")]
    public Task<IResult> GovUkFrontend([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "govuk/{*path}")] HttpRequest request, string? path) =>
        gate.Serve(request, http => File(http, "govuk", path));

    [Function("Stylesheets")]
    public Task<IResult> Stylesheets([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "css/{*path}")] HttpRequest request, string? path) =>
        gate.Serve(request, http => File(http, "css", path));

    [Function("Scripts")]
    public Task<IResult> Scripts([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "js/{*path}")] HttpRequest request, string? path) =>
        gate.Serve(request, http => File(http, "js", path));

    public static IResult File(HttpContext http, string folder, string? path)
    {
        if (!IsPlainRelativePath(path) || !ContentTypes.TryGetContentType(path!, out var contentType))
        {
            return TypedResults.NotFound();
        }
        var file = WebRoot.GetFileInfo($"{folder}/{path}");
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = CacheControl;
        var modified = file.LastModified;
        var tag = new EntityTagHeaderValue($"\"{modified.UtcTicks:x}-{file.Length:x}\"");
        return TypedResults.PhysicalFile(file.PhysicalPath, contentType, lastModified: modified, entityTag: tag, enableRangeProcessing: false);
    }

    // Segments of letters, digits, '-', '_' and '.', none empty, none starting with a dot.
    public static bool IsPlainRelativePath(string? path) =>
        path is { Length: > 0 and <= 200 }
        && path.Split('/').All(segment => segment.Length > 0 && segment[0] != '.'
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));

    private static IFileProvider WebRootFiles()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(path) ? new PhysicalFileProvider(path) : new NullFileProvider();
    }
}
