using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace NotifyOrleans.FunctionalTests.Infrastructure;

/// <summary>
/// Uses the console the way a browser without JavaScript does: GET a page, fill its form
/// (keeping the antiforgery token it carries), POST it.
/// </summary>
/// <param name="serverLog">What the app logged (its warnings and errors), for the message of a failed request.</param>
public sealed class FormClient(HttpClient http, Func<string>? serverLog = null)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<IHtmlDocument> GetDocumentAsync(string url)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}. The app logged:\n{serverLog?.Invoke()}");
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Posts the page's form (the first, or the one matching <paramref name="formSelector"/>) with these fields changed.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, IDictionary<string, string> fields, string formSelector = "main form")
    {
        var page = await GetDocumentAsync(url);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {url}");
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" && !input.IsChecked) continue;
            values.TryAdd(input.Name!, input.Value);
        }

        // As a browser does: a select sends its chosen option (the first when none is marked), a textarea its text.
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            if ((select.Options.SelectedIndex >= 0 ? select.Value : select.Options.FirstOrDefault()?.Value) is { } chosen) values.TryAdd(select.Name!, chosen);
        }

        foreach (var textarea in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]")) values.TryAdd(textarea.Name!, textarea.Value);

        foreach (var (name, value) in fields) values[name] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public async Task<string> GetStringAsync(string url) => await http.GetStringAsync(url);

    /// <summary>What htmx sends for a row button: a POST with the token of <paramref name="tokenPage"/> in the RequestVerificationToken header.</summary>
    /// <param name="fields">The form's fields, for a redraw of a form as it is being changed (<c>hx-post</c> on the form).</param>
    public async Task<HttpResponseMessage> HtmxPostAsync(string url, string tokenPage, IDictionary<string, string>? fields = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = fields is null ? null : new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", await AntiforgeryTokenAsync(tokenPage));
        return await http.SendAsync(request);
    }

    public async Task<string> AntiforgeryTokenAsync(string url = "/") =>
        (await GetDocumentAsync(url)).QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
}
