using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ECarto.Functions;

/// <summary>Runs a handler's <see cref="IResult"/> as the Functions ASP.NET Core integration's action result.</summary>
public sealed class HttpResultAction(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}
