using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

/// <summary>
/// The dashboard with many jobs, as a signed-in admin's browser sees it: the jobs are reported
/// through the app's own API, an admin is set up through the first-run page and signs in, then the
/// dashboard and its 5-second poll are timed from outside (loopback, so client time ≈ server time),
/// and so is a Prometheus scrape of every job's series.
/// </summary>
public static partial class DashboardBenchmark
{
    private const int Requests = 100;

    /// <param name="workingSetMb">The app's working set now, to see what the scrape's series hold.</param>
    public static async Task RunAsync(string appUrl, string key, string token, int jobs, Func<double> workingSetMb)
    {
        await ReportJobsAsync(appUrl, key, jobs);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(appUrl) };
        await SignInAsync(browser);

        var (pageP50, pageP95, pageBytes, page) = await TimeAsync(browser, "/");
        var poll = WebUtility.HtmlDecode(PollUrl().Match(page).Groups[1].Value);
        var (pollP50, pollP95, _, _) = await TimeAsync(browser, poll);
        var (jobsP50, jobsP95, jobsBytes, _) = await TimeAsync(browser, "/Jobs?search=job-1");
        using var prometheus = new HttpClient { BaseAddress = new Uri(appUrl) };
        prometheus.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var beforeScrapes = workingSetMb();
        var (metricsP50, metricsP95, metricsBytes, _) = await TimeAsync(prometheus, "/metrics");
        var afterScrapes = workingSetMb();

        Console.WriteLine($"\n# Dashboard with {jobs:N0} more jobs, {Requests} requests each, one at a time\n");
        Console.WriteLine("| request | p50 | p95 | bytes |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| GET / (first page of 50) | {pageP50:0.0} ms | {pageP95:0.0} ms | {pageBytes:N0} |");
        Console.WriteLine($"| its poll, nothing changed (204) | {pollP50:0.0} ms | {pollP95:0.0} ms | 0 |");
        Console.WriteLine($"| GET /Jobs?search=job-1 | {jobsP50:0.0} ms | {jobsP95:0.0} ms | {jobsBytes:N0} |");
        Console.WriteLine($"| GET /metrics (Prometheus, every job) | {metricsP50:0.0} ms | {metricsP95:0.0} ms | {metricsBytes:N0} |");
        Console.WriteLine($"\nThe app's working set before the scrapes: {beforeScrapes:N0} MB; after: {afterScrapes:N0} MB");
    }

    /// <summary>One generic run per job, 16 requests at a time.</summary>
    private static async Task ReportJobsAsync(string appUrl, string key, int jobs)
    {
        using var api = new HttpClient { BaseAddress = new Uri(appUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < jobs)
            {
                var response = await api.PostAsJsonAsync("/api/v1/runs", new { server = $"server-{n / 10}", job = $"job-{n % 10}", status = n % 50 == 0 ? "failure" : "success" });
                response.EnsureSuccessStatusCode();
            }
        })));
    }

    private static async Task SignInAsync(HttpClient browser)
    {
        const string email = "bench@example.test", password = "Bench-Passw0rd!";
        await PostFormAsync(browser, "/Setup", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Bench", ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
        await PostFormAsync(browser, "/Identity/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var dashboard = await browser.GetStringAsync("/");
        if (!dashboard.Contains("id=\"job-list\"")) throw new InvalidOperationException("Signing in to the dashboard failed.");
    }

    private static async Task PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var form = await browser.GetStringAsync(path);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        (await browser.PostAsync(path, new FormUrlEncodedContent(fields))).EnsureSuccessStatusCode();
    }

    private static async Task<(double P50, double P95, long Bytes, string Body)> TimeAsync(HttpClient browser, string path)
    {
        var times = new List<double>();
        var body = "";
        for (var i = 0; i < Requests + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await browser.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
            if (i >= 5) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds); // the first five warm up
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)], body.Length, body);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("hx-get=\"([^\"]+)\"[^>]*id=\"job-list\"")]
    private static partial Regex PollUrl();
}
