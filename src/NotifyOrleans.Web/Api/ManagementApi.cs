using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace NotifyOrleans.Web.Api;

/// <summary>
/// The management API under <c>/api/v1</c> (channels, jobs, job defaults, deliveries, ingest
/// keys) for API tokens, and its OpenAPI document at <c>/openapi/v1.json</c>. docs/api.md is the
/// guide; the ingest routes (<see cref="IngestApi"/>) take ingest keys and are described there too.
/// </summary>
public static class ManagementApi
{
    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.AddApiAuthentication();
        services.AddProblemDetails(); // every problem+json carries its traceId, to find the request's log lines
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // numbers are numbers, in answers and in the OpenAPI document
        });
        services.AddOpenApi(options =>
        {
            // The machine routes only: pages and the Orleans dashboard are not an API.
            options.ShouldInclude = description => description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("ping/", StringComparison.Ordinal));
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "NotifyOrleans API";
                document.Info.Description = "Manage channels, jobs, job defaults, system notifications, people's notifications, deliveries and ingest keys with an API token (Authorization: Bearer noa_…), and report runs with an ingest key. Guide: docs/api.md.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [TokenScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API token (noa_…) from the API tokens page or ./run.sh tokens create." },
                    [KeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "An ingest key (nok_…): also accepted as ?key=… or a Bearer token." },
                };
                return Task.CompletedTask;
            });
            // Each operation names the credential its policy takes: tokens manage, ingest keys report (and read jobs).
            options.AddOperationTransformer((operation, context, _) =>
            {
                var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
                string[] schemes = policy switch
                {
                    ApiAuthentication.ReadJobs => [TokenScheme, KeyScheme],
                    ApiAuthentication.Read or ApiAuthentication.Write => [TokenScheme],
                    _ => [KeyScheme],
                };
                operation.Security = schemes.Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }).ToList();
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private const string TokenScheme = "apiToken";
    private const string KeyScheme = "ingestKey";

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        // Tokens, not cookies, so no antiforgery; no fallback to the console's login either.
        endpoints.MapGroup("/api/v1").DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .MapChannelsApi()
            .MapJobsApi()
            .MapServersApi()
            .MapDeliveriesApi()
            .MapIngestKeysApi()
            .MapSystemNotificationsApi()
            .MapUserNotificationsApi();
        endpoints.MapOpenApi().AllowAnonymous();
        return endpoints;
    }
}
