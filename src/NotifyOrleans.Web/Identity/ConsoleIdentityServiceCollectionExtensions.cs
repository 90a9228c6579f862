using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NotifyOrleans.Infrastructure;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.Persistence;
using NotifyOrleans.Web.Hosting;

namespace NotifyOrleans.Web.Identity;

public static class ConsoleIdentityServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity with the default UI (login, 2FA, change password), roles Admin and
    /// Member, lockout, and a policy that makes every page require a login unless it says otherwise.
    /// </summary>
    public static IServiceCollection AddConsoleIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDefaultIdentity<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false; // admins create accounts; no self sign-up
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordPolicy.MinimumLength;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<DisplayNameClaims>() // after AddRoles, whose factory it replaces (the last registration wins)
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<ProtectedTokensUserStore>() // after the EF stores, whose user store it replaces: authenticator keys encrypted
            .AddUserManager<ConsoleUserManager>()
            .AddSignInManager<AuditingSignInManager>()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider); // in place of Identity's: each code once

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "NotifyOrleans.Auth";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.Events.OnValidatePrincipal = SessionCheck.ValidatePrincipalAsync; // a removed, disabled or demoted account: at once
            // A Member who opens an admin page gets a real 403 (rendered by the error page),
            // not a redirect that hides the status.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // A machine is never sent to the login page (a tool would follow the redirect and take the 200 for success).
            cookie.Events.OnRedirectToLogin = context =>
            {
                if (!MachinePaths.Contains(context.Request.Path))
                {
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                }

                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "This route needs a key or a token, not a console login.").ExecuteAsync(context.HttpContext);
            };
        });
        configuration.RefuseUnusable<SignInThrottleOptions>(SignInThrottleOptions.Section, options => options.Problem());
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();

        // The cookie's claims (display name, roles) are refreshed once a minute; whether the account
        // still stands is checked on every request (SessionCheck).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        // Every page needs a login unless it says otherwise. Machine paths authenticate with keys of
        // their own: left to their endpoints, so an unknown route gets 404 and a wrong method 405.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && MachinePaths.Contains(http.Request.Path)))
                .Build())
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>Creates the Admin and Member roles if missing (safe when several nodes start at once).</summary>
    public static async Task SeedRolesAsync(this IHost host)
    {
        foreach (var role in Roles.All)
        {
            if (await RoleExistsAsync(host, role)) continue;
            using var scope = host.Services.CreateScope(); // one context per try: a refused insert stays in its tracker
            var errors = "";
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(role));
                if (result.Succeeded) continue;
                errors = string.Join("; ", result.Errors.Select(e => e.Description));
            }
            catch (DbUpdateException exception)
            {
                errors = exception.InnerException?.Message ?? exception.Message; // a node starting beside this one made it first, or the database refused
            }

            if (!await RoleExistsAsync(host, role)) throw new InvalidOperationException($"Could not create role {role}: {errors}");
        }
    }

    private static async Task<bool> RoleExistsAsync(IHost host, string role)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(role);
    }
}
