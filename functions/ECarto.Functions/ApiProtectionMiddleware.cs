using ECarto.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ECarto.Functions;

/// <summary>
/// The function app's side of <see cref="ApiGuard"/>, as a worker middleware: the ASP.NET Core integration
/// runs each function inside its own invocation pipeline, where ASP.NET Core middleware such as
/// <c>UseRateLimiter</c> cannot be added, so the same limiter and failure handling are applied here, and
/// their answer replaces the function's result.
/// </summary>
public sealed class ApiProtectionMiddleware(ApiGuard guard) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            // Timers: nothing to answer.
            await next(context);
            return;
        }
        using var lease = await guard.Limiter.AcquireAsync(http, 1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.GetInvocationResult().Value = new HttpResultAction(guard.Rejected(lease));
            return;
        }
        var problem = await guard.RunAsync(http, () => next(context));
        if (problem is not null) context.GetInvocationResult().Value = new HttpResultAction(problem);
    }
}
