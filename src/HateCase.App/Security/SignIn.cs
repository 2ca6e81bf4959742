using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HateCase.App.Security;

public static class Roles
{
    public const string Officer = "officer";
    public const string TeamLeader = "team-leader";
    public const string Admin = "admin";

    public static readonly string[] All = [Officer, TeamLeader, Admin];
}

public static class Policies
{
    public const string Staff = "staff";
    // RBC 8 stage 6: closure needs the team manager's approval.
    public const string TeamLeader = "team-leader";
    // MK 9.1-9.2: the team leader monitors service delivery and reports the standards.
    public const string Reporting = "reporting";
    // RBC 15, MK 15.3: who has looked at a case is for team leaders (and admins) to see.
    public const string AccessRecords = "access-records";
    // UK GDPR Art. 15: subject access requests are answered by an admin (the data-protection lead).
    public const string SubjectAccess = "subject-access";
}

public sealed class SignInOptions : AuthenticationSchemeOptions
{
    // In Azure, App Service Authentication (Entra ID) signs people in and passes who they are in
    // X-MS-CLIENT-PRINCIPAL. Only trust it where App Service sets it (never on a public port).
    public bool TrustAppServiceHeader { get; set; }

    // Development only: the sign-in page's cookie, or X-Dev-User, X-Dev-Role and X-Dev-Team headers
    // (for curl and scripts), sign a person in for local work.
    public bool AllowDevelopmentSignIn { get; set; }

    // RBC 15, MK 15.3: in Azure, a person's team comes from their Entra groups or app roles:
    // Auth:TeamGroups:{group object id or app role value} = team name. None set: no teams, and
    // everyone sees what everyone else does.
    public Dictionary<string, string> TeamGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

// The claim that carries a person's team; absent when the landlord has no teams.
public static class StaffClaims
{
    public const string Team = "hatecase/team";
}

public static class SignInSetup
{
    public const string Scheme = "HateCase";

    public static IServiceCollection AddSignIn(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddAuthentication(Scheme).AddScheme<SignInOptions, SignInHandler>(Scheme, options =>
        {
            options.TrustAppServiceHeader = configuration.GetValue("Auth:TrustAppServiceHeader", false);
            options.AllowDevelopmentSignIn = environment.IsDevelopment();
            foreach (var team in configuration.GetSection("Auth:TeamGroups").GetChildren())
            {
                if (!HateCase.Domain.Privacy.StaffId.IsValid(team.Value))
                {
                    throw new InvalidOperationException($"Auth:TeamGroups:{team.Key} must be a team name: letters, numbers, dots, dashes, underscores or @, at most 64.");
                }
                options.TeamGroups[team.Key] = team.Value!;
            }
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.TeamLeader, p => p.RequireAuthenticatedUser().RequireRole(Roles.TeamLeader))
            .AddPolicy(Policies.Reporting, p => p.RequireAuthenticatedUser().RequireRole(Roles.TeamLeader, Roles.Admin))
            .AddPolicy(Policies.AccessRecords, p => p.RequireAuthenticatedUser().RequireRole(Roles.TeamLeader, Roles.Admin))
            .AddPolicy(Policies.SubjectAccess, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }

    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    // The person's staff role as the access record keeps it (the highest they hold), or "none".
    public static string StaffRole(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? Roles.Admin : user.IsInRole(Roles.TeamLeader) ? Roles.TeamLeader : user.IsInRole(Roles.Officer) ? Roles.Officer : "none";

    // The person's team, or null where the landlord has no teams (or none is theirs).
    public static string? Team(this ClaimsPrincipal user) => user.FindFirstValue(StaffClaims.Team);

    // The person as need to know sees them (RBC 15, MK 15.3).
    public static HateCase.Domain.Privacy.StaffMember StaffMember(this ClaimsPrincipal user) => new(user.UserId(),
        user.IsInRole(Roles.Admin) ? HateCase.Domain.Privacy.StaffRole.Admin
            : user.IsInRole(Roles.TeamLeader) ? HateCase.Domain.Privacy.StaffRole.TeamLeader
            : HateCase.Domain.Privacy.StaffRole.Officer,
        user.Team());
}

public sealed class SignInHandler(IOptionsMonitor<SignInOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<SignInOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Options.TrustAppServiceHeader && Request.Headers["X-MS-CLIENT-PRINCIPAL"] is [{ } principal])
        {
            return Task.FromResult(FromAppService(principal));
        }
        if (Options.AllowDevelopmentSignIn && Request.Headers["X-Dev-User"] is [{ Length: > 0 } user])
        {
            var role = Request.Headers["X-Dev-Role"] is [{ Length: > 0 } r] ? r : Roles.Officer;
            var team = Request.Headers["X-Dev-Team"] is [{ Length: > 0 } t] ? t : null;
            if (team is not null && !HateCase.Domain.Privacy.StaffId.IsValid(team))
            {
                return Task.FromResult(AuthenticateResult.Fail("X-Dev-Team is not a team name."));
            }
            return Task.FromResult(Success(user, user, [role], team, "development"));
        }
        if (Options.AllowDevelopmentSignIn && DevelopmentSignIn.Read(Context) is { } person)
        {
            return Task.FromResult(Success(person.Id, person.Id, [person.Role], person.Team, "development"));
        }
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    // The header is base64 JSON: { auth_typ, name_typ, role_typ, claims: [ { typ, val } ] }.
    private AuthenticateResult FromAppService(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = document.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() : null;
            var roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() : "roles";
            var claims = root.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .ToList();
            var id = claims.FirstOrDefault(c => c.Type is "http://schemas.microsoft.com/identity/claims/objectidentifier" or "oid").Value
                ?? claims.FirstOrDefault(c => c.Type == nameType).Value;
            if (string.IsNullOrEmpty(id))
            {
                return AuthenticateResult.Fail("The signed-in principal has no id.");
            }
            var name = claims.FirstOrDefault(c => c.Type == nameType).Value ?? id;
            var roles = claims.Where(c => c.Type == roleType || c.Type == ClaimTypes.Role).Select(c => c.Value).ToList();
            // The first of the person's groups (or app roles) that names a team, in the order Entra gives them.
            var team = claims.Where(c => c.Type is "groups" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups" || c.Type == roleType || c.Type == ClaimTypes.Role)
                .Select(c => Options.TeamGroups.GetValueOrDefault(c.Value))
                .FirstOrDefault(t => t is not null);
            return Success(id, name, roles, team, root.TryGetProperty("auth_typ", out var a) ? a.GetString() ?? "aad" : "aad");
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return AuthenticateResult.Fail("The App Service principal header is malformed.");
        }
    }

    private AuthenticateResult Success(string id, string name, IEnumerable<string> roles, string? team, string authenticationType)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), .. roles.Select(role => new Claim(ClaimTypes.Role, role)),
                .. team is null ? Array.Empty<Claim>() : [new Claim(StaffClaims.Team, team)],
            ],
            authenticationType);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(title: "Sign in to use this.", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(title: "Your role does not allow this.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
