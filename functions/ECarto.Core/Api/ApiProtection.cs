using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECarto.Api;

/// <summary>The API's protections, read from the <c>Api</c> section of the configuration.</summary>
public sealed class ApiProtectionOptions
{
    /// <summary>
    /// Longest time a request may take before it is answered 503 (Api:RequestTimeout): a request never
    /// hangs, even behind a lock waiting for a slow storage.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Expensive requests (exports, large pages) one client may make per window (Api:RateLimit:PermitLimit).</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>The rate limit's fixed window (Api:RateLimit:Window).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A page of at least this many results is expensive (Api:RateLimit:LargePageSize).</summary>
    public int LargePageSize { get; set; } = 50;

    public static ApiProtectionOptions Read(IConfiguration configuration) => new()
    {
        RequestTimeout = configuration.GetValue("Api:RequestTimeout", TimeSpan.FromSeconds(120)),
        PermitLimit = configuration.GetValue("Api:RateLimit:PermitLimit", 30),
        Window = configuration.GetValue("Api:RateLimit:Window", TimeSpan.FromMinutes(1)),
        LargePageSize = configuration.GetValue("Api:RateLimit:LargePageSize", 50),
    };
}

/// <summary>Whether an exception means the storage is unreachable, too slow or unavailable (and not a bug).</summary>
public static class StorageFailures
{
    public static bool IsUnavailable(Exception error) => error switch
    {
        AggregateException all => all.InnerExceptions.Any(IsUnavailable),
        // Status 0: no answer at all (connection refused or reset); 408/429/5xx: the service's own « later ».
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500 || (failed.InnerException is { } inner && IsUnavailable(inner)),
        HttpRequestException or SocketException or TimeoutException => true,
        // The SDK's network timeout (Storage:NetworkTimeout) surfaces as a cancellation nobody asked for.
        OperationCanceledException => true,
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => true,
        _ => error.InnerException is { } cause && IsUnavailable(cause),
    };
}

/// <summary>
/// The API's guard, shared by the local host (ASP.NET Core middleware and its built-in rate limiter) and the
/// function app (a worker middleware): a timeout on every request, storage failures answered 503 with
/// <c>Retry-After</c>, and a per-client rate limit on expensive requests answered 429 with <c>Retry-After</c>.
/// Nothing is remembered of a failure: the next request tries the storage again, so the API recovers by
/// itself once the storage is back.
/// </summary>
public sealed class ApiGuard
{
    private readonly ApiProtectionOptions _options;
    private readonly ILogger<ApiGuard> _logger;

    public ApiGuard(ApiProtectionOptions options, ILogger<ApiGuard> logger)
    {
        _options = options;
        _logger = logger;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExpensive(context.Request)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(""));
    }

    public ApiProtectionOptions Options => _options;

    /// <summary>The per-client limit of expensive requests; every other request passes freely.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>PDF and Excel exports, and pages of at least <see cref="ApiProtectionOptions.LargePageSize"/> results.</summary>
    public bool IsExpensive(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(ApiRoutes.Served(""), StringComparison.OrdinalIgnoreCase)) return false;
        if (path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) return true;
        return request.Query["pageSize"].Any(value => int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size)
                                                       && size >= _options.LargePageSize);
    }

    /// <summary>
    /// The client: the first hop of <c>X-Forwarded-For</c> when it is an IP address (Static Web Apps and
    /// Front Door put the caller's address there; the function app only sees their own), else the
    /// connection's address. Anything else in the header is ignored, so it cannot make up partitions.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var first = forwarded.Split(',', 2)[0].Trim();
        if (first.Length is > 0 and <= 64)
        {
            if (IPAddress.TryParse(first, out var address)) return address.ToString();
            if (IPEndPoint.TryParse(first, out var endPoint)) return endPoint.Address.ToString();
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "inconnu";
    }

    /// <summary>The 429 of a refused lease, with the window's remaining time as <c>Retry-After</c>.</summary>
    public IResult Rejected(RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : Math.Max(1, (int)Math.Ceiling(_options.Window.TotalSeconds));
        return Problems.TooManyRequests(seconds, _options.PermitLimit, _options.Window);
    }

    /// <summary>
    /// Runs the rest of the request under the request timeout. Returns null when it went through, or the
    /// problem to answer when the storage failed or the request ran out of time (the client did not leave).
    /// </summary>
    public async Task<IResult?> RunAsync(HttpContext context, Func<Task> next)
    {
        var client = context.RequestAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(client);
        timeout.CancelAfter(_options.RequestTimeout);
        context.RequestAborted = timeout.Token;
        try
        {
            await next();
            return null;
        }
        catch (Exception error) when (!client.IsCancellationRequested && StorageFailures.IsUnavailable(error))
        {
            _logger.LogWarning("Stockage indisponible pour {Path} : {Type} {Message}", context.Request.Path.Value, error.GetType().Name, error.Message);
            return Problems.StorageUnavailable();
        }
        finally
        {
            context.RequestAborted = client;
        }
    }
}

/// <summary>The local host's side of <see cref="ApiGuard"/>: an ASP.NET Core middleware and the built-in rate limiter.</summary>
public static class ApiProtection
{
    public static IServiceCollection AddApiProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ApiProtectionOptions.Read(configuration));
        services.AddSingleton<ApiGuard>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiGuard>((options, guard) =>
        {
            options.GlobalLimiter = guard.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => new ValueTask(guard.Rejected(rejected.Lease).ExecuteAsync(rejected.HttpContext));
        });
        return services;
    }

    /// <summary>Storage failures and timeouts to 503 (outermost), then the rate limit of expensive requests.</summary>
    public static IApplicationBuilder UseApiProtection(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var guard = context.RequestServices.GetRequiredService<ApiGuard>();
            var problem = await guard.RunAsync(context, () => next(context));
            if (problem is null) return;
            if (context.Response.HasStarted)
            {
                // Part of the answer is sent: the client sees a cut connection rather than a wrong body.
                context.Abort();
                return;
            }
            context.Response.Clear();
            await problem.ExecuteAsync(context);
        });
        app.UseRateLimiter();
        return app;
    }
}
