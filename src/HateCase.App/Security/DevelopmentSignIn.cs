using Microsoft.AspNetCore.DataProtection;

namespace HateCase.App.Security;

// Development only: the person and role picked on the sign-in page, kept in a cookie the app's
// data protection keys seal, for a working day at most. In Azure, App Service Authentication
// signs people in instead and this cookie is never read.
public static class DevelopmentSignIn
{
    public const string CookieName = "hatecase-dev-signin";

    public static readonly TimeSpan Lasts = TimeSpan.FromHours(10);

    // Staff ids as the officer API and the lists use them: letters, digits, '.', '-', '_' and '@'.
    public const int MaxIdLength = 64;

    // Team: null where the landlord has no teams (RBC 15, MK 15.3).
    public sealed record Person(string Id, string Role, string? Team = null);

    public static bool IsValidId(string? id) => HateCase.Domain.Privacy.StaffId.IsValid(id);

    public static void Write(HttpContext http, Person person)
    {
        var sealedValue = Protector(http).Protect($"{person.Id}\n{person.Role}\n{person.Team}", Lasts);
        http.Response.Cookies.Append(CookieName, sealedValue, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            // Lax, so a link in a reminder email opens the case for a person already signed in.
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lasts,
        });
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    public static Person? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 and < 4096 } value)
        {
            return null;
        }
        try
        {
            return Protector(http).Unprotect(value).Split('\n') switch
            {
                [var id, var role] when IsValidId(id) && Roles.All.Contains(role) => new Person(id, role),
                [var id, var role, ""] when IsValidId(id) && Roles.All.Contains(role) => new Person(id, role),
                [var id, var role, var team] when IsValidId(id) && Roles.All.Contains(role) && IsValidId(team) => new Person(id, role, team),
                _ => null,
            };
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // sealed with another key, altered, or expired: not signed in
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("HateCase.DevelopmentSignIn").ToTimeLimitedDataProtector();
}
