using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace HateCase.App.Pages;

// A page is a Razor component turned into HTML by the endpoint that serves it, with the request's
// services: nothing here needs the Razor Pages or Blazor routing, so it renders in any host that
// hands a handler an HttpContext and takes an IResult back.
public static class ComponentPage
{
    public static IResult Render<TComponent>(Dictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK)
        where TComponent : IComponent => new HtmlResult(typeof(TComponent), parameters, statusCode);

    public static async Task<string> RenderToString(IServiceProvider services, Type component, Dictionary<string, object?> parameters)
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private sealed class HtmlResult(Type component, Dictionary<string, object?> parameters, int statusCode) : IResult
    {
        // Rendered whole before anything is written, so a failure still becomes the error page.
        public async Task ExecuteAsync(HttpContext http)
        {
            // The host runs a result outside the function's async flow, where RequestGate gave the
            // accessor the request: a component that reads the request (StaffLayout) needs it here too.
            if (http.RequestServices.GetService<IHttpContextAccessor>() is { } accessor)
            {
                accessor.HttpContext = http;
            }
            var html = await RenderToString(http.RequestServices, component, parameters);
            http.Response.StatusCode = statusCode;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html, http.RequestAborted);
        }
    }
}
