using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NotifyOrleans.Infrastructure.Access;
using NotifyOrleans.Infrastructure.Ingest;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// Who calls the management API: an API token (<c>Authorization: Bearer noa_…</c>), read-only or
/// read-write, or (for reading jobs only, as dashboards always have) an ingest key. The console's
/// login cookie is not accepted here, so no browser can be tricked into changing anything.
/// </summary>
public static class ApiAuthentication
{
    public const string Scheme = "ApiToken";

    /// <summary>Any API token.</summary>
    public const string Read = "api-read";

    /// <summary>A read-write API token.</summary>
    public const string Write = "api-write";

    /// <summary>Any API token, or an ingest key (which sees its own server's jobs only).</summary>
    public const string ReadJobs = "api-read-jobs";

    public const string CredentialClaim = "credential";
    public const string AccessClaim = "access";
    public const string ServerClaim = "server";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(CredentialClaim, "api-token"))
            .AddPolicy(Write, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(CredentialClaim, "api-token").RequireClaim(AccessClaim, nameof(ApiAccess.ReadWrite)))
            .AddPolicy(ReadJobs, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(CredentialClaim, "api-token", "ingest-key"));
        return services;
    }

    /// <summary>An ingest key, not an API token: it reads jobs, and not who they tell.</summary>
    public static bool IsIngestKey(this ClaimsPrincipal user) => user.FindFirst(CredentialClaim)?.Value == "ingest-key";

    /// <summary>The server an ingest key is limited to; null for API tokens and keys for every server.</summary>
    public static string? ServerScope(this ClaimsPrincipal user) => user.FindFirst(ServerClaim)?.Value;

    /// <summary>Who made a change, for the log lines and rows that name it ("API token deploy-bot").</summary>
    public static string Actor(this ClaimsPrincipal user) => $"API token {user.Identity?.Name}";
}

/// <summary>Checks the credential of a request; answers 401 and 403 with problem+json that says what to send instead.</summary>
internal sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, IngestKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Bearer is the API's way; X-Api-Key and ?key= are how dashboards have read jobs with ingest keys.
        var bearer = ApiResults.BearerFrom(Request);
        var credential = bearer ?? ApiResults.KeyFrom(Request);
        if (string.IsNullOrEmpty(credential)) return AuthenticateResult.NoResult();

        if (credential.StartsWith(ApiTokens.TokenPrefix, StringComparison.Ordinal))
        {
            // A URL ends up in proxies' and browsers' histories: a token that can manage everything stays in a header.
            if (bearer is null) return AuthenticateResult.Fail("API tokens are sent in the Authorization header only, never in the URL or X-Api-Key.");
            var token = await tokens.FindAsync(credential, Context.RequestAborted);
            return token is null
                ? AuthenticateResult.Fail("This API token is unknown or was revoked.")
                : Success(token.Name, "api-token", new Claim(ApiAuthentication.AccessClaim, token.Access.ToString()));
        }

        var key = await keys.FindAsync(credential, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("This key is neither an API token nor a valid ingest key (unknown, or revoked).")
            : Success(key.Name, "ingest-key", key.ServerName is { } server ? [new Claim(ApiAuthentication.ServerClaim, server)] : []);
    }

    private static AuthenticateResult Success(string name, string credential, params Claim[] scope)
    {
        Claim[] claims = [new(ClaimTypes.Name, name), new(ApiAuthentication.CredentialClaim, credential), .. scope];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiAuthentication.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiAuthentication.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Results.Problem(statusCode: 401, title: "Missing or unknown API token",
                detail: (failure is null ? "" : failure + " ") + "Send an API token as 'Authorization: Bearer noa_…'. Admins create them on the API tokens page or with ./run.sh tokens create.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var user = (await HandleAuthenticateOnceSafeAsync()).Principal;
        var detail = user?.FindFirst(ApiAuthentication.CredentialClaim)?.Value == "ingest-key"
            // Not "reads its jobs": /metrics is a read it is refused too.
            ? "This is an ingest key: it reports runs and reads its server's jobs (GET /api/v1/jobs), nothing else. Send an API token instead."
            : "This API token is read-only. Changes need a read-write token.";
        await Results.Problem(statusCode: 403, title: "Not allowed with this token", detail: detail).ExecuteAsync(Context);
    }
}
