using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HateCase.LocalHost;

// Maps each HTTP-triggered function onto ASP.NET Core routing at {routePrefix}/{route}, with its
// methods, as the Functions host does; the function gets the real HttpRequest and route values.
internal static class HttpFunctions
{
    public static void Map(IEndpointRouteBuilder app, IEnumerable<FunctionEntry> functions, string routePrefix)
    {
        foreach (var entry in functions.Where(f => f.Trigger is FunctionTrigger.Http))
        {
            var trigger = (FunctionTrigger.Http)entry.Trigger;
            var template = RouteTemplate(routePrefix, trigger.Route ?? entry.Name);
            Require(entry, entry.TriggerParameter.ParameterType == typeof(HttpRequest), "its trigger parameter must be an HttpRequest");
            Require(entry, typeof(IResult).IsAssignableFrom(ResultType(entry)), "it must return IResult (or a task of one)");
            var routeValues = RoutePatternFactory.Parse(template).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var invoker = new FunctionInvoker(entry, routeValues);
            RequestDelegate handle = http => Handle(http, invoker);
            var endpoint = trigger.Methods.Count == 0 ? app.Map(template, handle) : app.MapMethods(template, trigger.Methods, handle);
            endpoint.WithDisplayName(entry.Name);
        }
    }

    public static string RouteTemplate(string routePrefix, string route) =>
        string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));

    private static async Task Handle(HttpContext http, FunctionInvoker invoker)
    {
        var bindingData = http.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        var result = await invoker.Invoke(new Invocation(http.RequestServices, http.Request, bindingData, http.RequestAborted));
        await ((IResult)(result ?? throw new InvalidOperationException($"Function '{invoker.Entry.Name}' returned no result."))).ExecuteAsync(http);
    }

    private static Type ResultType(FunctionEntry entry)
    {
        var type = entry.Method.ReturnType;
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }

    private static void Require(FunctionEntry entry, bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"HTTP function '{entry.Name}' ({entry.EntryPoint}): {what}.");
        }
    }
}
