using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using NotifyOrleans.Domain;
using NotifyOrleans.Infrastructure.Identity;
using NotifyOrleans.Infrastructure.SystemEvents;
using NotifyOrleans.Web.Users;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// <c>users list</c>, <c>users create --email EMAIL [--name NAME] [--time-zone ZONE] [--admin]</c> and <c>users reset-password --email EMAIL</c>:
/// the way in without a browser (the first admin of a headless or Docker installation, before
/// anyone can reach <c>/Setup</c>) and the way back in for an admin who forgot the password or
/// is locked out. The password is read from standard input (a prompt without echo at a
/// terminal), never from the arguments: other users of the machine see those in the process list.
/// </summary>
internal static class UsersCommand
{
    public const string Usage = "usage: users list | users create --email EMAIL [--name NAME] [--time-zone ZONE] [--admin] | users reset-password --email EMAIL   (the password: asked twice at a terminal, or one line piped in)";

    /// <returns>Null when it worked, else what to tell the user.</returns>
    public static async Task<string?> RunAsync(IServiceProvider services, string[] args)
    {
        var (options, wrong) = args.Length > 1 && args[1] == "create" ? CommandOptions.Read(args, ["email", "name", "time-zone"], ["admin"])
            : args.Length > 1 && args[1] == "list" ? CommandOptions.Read(args, [])
            : CommandOptions.Read(args, ["email"]);
        if (options is null) return $"{wrong}\n{Usage}";
        var accounts = services.GetRequiredService<UserAccounts>();
        if (args.Length == 2 && args[1] == "list") return await ListAsync(accounts);
        if (args.Length < 2 || options["email"] is not { } email) return Usage;
        switch (args[1])
        {
            case "create":
                return await CreateAsync(accounts, email.Trim(), options["name"], options["time-zone"]?.Trim(), options.Has("admin") ? Roles.Admin : Roles.Member);
            case "reset-password":
                return await ResetPasswordAsync(services.GetRequiredService<UserManager<AppUser>>(), accounts, email.Trim());
            default:
                return Usage;
        }
    }

    /// <summary>Everyone, as the Users page lists them: who may sign in, as what, and when they last did.</summary>
    private static async Task<string?> ListAsync(UserAccounts accounts)
    {
        TextTable.Write(Console.Out, ["EMAIL", "NAME", "ROLE", "STATE", "2FA", "LAST LOGIN"],
            (await accounts.ListAsync(currentUserId: null)).Select(user => new[]
            {
                user.Email, user.DisplayName, user.Role.ToLowerInvariant(),
                user.IsDisabled ? "disabled" : user.IsLockedOut ? "locked out" : "active",
                user.TwoFactorEnabled ? "on" : "off", TextTable.Moment(user.LastLoginAt),
            }).ToList());
        return null;
    }

    private static async Task<string?> CreateAsync(UserAccounts accounts, string email, string? name, string? timeZone, string role)
    {
        // Every mistake in the arguments at once, and before the password is asked for (typed twice for nothing).
        if (ArgumentProblems(email, name, timeZone) is { Count: > 0 } wrongArguments) return string.Join("\n", wrongArguments);
        var (password, unreadable) = ReadPassword();
        if (password is null) return unreadable;
        // The same rules as the Setup and Add user forms.
        var input = new NewUserInput { Email = email, DisplayName = name, Password = password, ConfirmPassword = password };
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), problems, validateAllProperties: true))
            return string.Join(" ", problems.Select(p => p.ErrorMessage));

        var (result, user) = await accounts.CreateAsync(input.Email, input.DisplayName, password, role, timeZone, EventOrigin.CommandLine, CancellationToken.None);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Values);
        Console.WriteLine(timeZone is null
            ? $"Created {user!.Email} ({role}), shown as {user.DisplayName}. Their browser's time zone is offered when they first open My notifications."
            : $"Created {user!.Email} ({role}), shown as {user.DisplayName}, who reads times in {timeZone}.");
        return null;
    }

    /// <summary>What is wrong with the email, name and zone given, each line naming its option; the form's rules.</summary>
    private static List<string> ArgumentProblems(string email, string? name, string? timeZone)
    {
        var input = new NewUserInput { Email = email, DisplayName = name };
        var problems = new List<string>();
        foreach (var (option, property, value) in new[] { ("--email", nameof(NewUserInput.Email), (object?)email), ("--name", nameof(NewUserInput.DisplayName), name) })
        {
            var found = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(value, new ValidationContext(input) { MemberName = property }, found))
                problems.AddRange(found.Select(p => $"{option}: {p.ErrorMessage}"));
        }

        if (timeZone is not null && !TimeZones.IsKnown(timeZone))
            problems.Add($"--time-zone: '{timeZone}' is no time zone this machine knows. Give an IANA name such as Europe/Berlin or America/New_York.");
        return problems;
    }

    private static async Task<string?> ResetPasswordAsync(UserManager<AppUser> users, UserAccounts accounts, string email)
    {
        if (await users.FindByEmailAsync(email) is not { } user) return $"No user has the email address {email}.";
        var (password, unreadable) = ReadPassword();
        if (password is null) return unreadable;
        var result = await accounts.ResetPasswordAsync(user, password);
        if (!result.Succeeded) return string.Join(" ", result.Errors.Values);
        Console.WriteLine(user.IsDisabled
            ? $"Password set for {user.Email}. The account is disabled: another admin enables it on the Users page."
            : $"Password set for {user.Email}.");
        return null;
    }

    /// <summary>One line from standard input; at a terminal, typed twice without echo. Else why there is none.</summary>
    private static (string? Password, string? Problem) ReadPassword()
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine() is { Length: > 0 } line ? (line, null) : (null, "No password: give it as one line on standard input.");
        var first = Prompt("Password: ");
        return first == Prompt("Repeat password: ") ? (first, null) : (null, "The two passwords differ.");
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) typed.Length = Math.Max(0, typed.Length - 1);
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
