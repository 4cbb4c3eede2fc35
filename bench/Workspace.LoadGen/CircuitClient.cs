using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workspace.LoadGen;

/// <summary>What a circuit reports while it runs.</summary>
public interface ICircuitObserver
{
    /// <summary>A render batch arrived; <paramref name="timestamp"/> is <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> on arrival.</summary>
    void OnRenderBatch(CircuitClient circuit, ReadOnlySpan<byte> batch, long timestamp);

    void OnError(CircuitClient circuit, string message);
}

/// <summary>
/// One Blazor Server circuit, driven the way blazor.web.js (.NET 10) drives it: fetch the prerendered
/// page, read its component markers and persisted state, connect to <c>/_blazor</c> with the
/// blazorpack protocol, <c>StartCircuit</c>, answer the renderer's JS calls, send
/// <c>UpdateRootComponents</c> once the renderer is attached, and acknowledge every render batch in order.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private static long _nextJsObjectId = 1;
    private readonly Uri _baseAddress;
    private readonly string _cookie;
    private readonly ICircuitObserver _observer;
    private readonly JsAnswers _answers;
    private HubConnection? _connection;
    private string _operationsJson = "";
    private string _applicationState = "";
    private int _rootComponentsSent;
    private long _nextCallId;
    private long _rendererInteropId;
    private volatile bool _stopping;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<string>> _dotNetCalls = new(StringComparer.Ordinal);

    public CircuitClient(int index, Uri baseAddress, string cookie, ICircuitObserver observer, JsAnswers? answers = null)
    {
        Index = index;
        _baseAddress = baseAddress;
        _cookie = cookie;
        _observer = observer;
        _answers = answers ?? JsAnswers.Default;
    }

    public int Index { get; }

    public string? CircuitId { get; private set; }

    /// <summary>The node that served the page, as a balancer in front of several names it (X-Workspace-Node); null without one.</summary>
    public string? Node { get; private set; }

    public long BatchesReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>
    /// Plays a page's own JS module (e.g. co-text.js): asked first for every JS call the app makes, on the
    /// connection's receive loop, in order; null falls back to the fixed <see cref="JsAnswers"/>.
    /// </summary>
    public Func<JsCall, JsonNode?>? Interop { get; set; }

    /// <summary>Opens the page and starts its circuit; returns once <c>StartCircuit</c> has answered.</summary>
    public async Task StartAsync(HttpClient http, string pagePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var pageUri = new Uri(_baseAddress, pagePath);
        using (var request = new HttpRequestMessage(HttpMethod.Get, pageUri))
        {
            request.Headers.Add("Cookie", _cookie);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {pagePath} answered {(int)response.StatusCode}.");
            }

            Node = response.Headers.TryGetValues("X-Workspace-Node", out var nodes) ? nodes.FirstOrDefault() : null;
            ReadPrerenderedPage(await response.Content.ReadAsStringAsync(cancellationToken));
        }

        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(_baseAddress, "_blazor"), options =>
            {
                options.Headers.Add("Cookie", _cookie);
                options.Transports = HttpTransportType.WebSockets;
            });
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol(new MessagePackHubProtocol()));
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
        _connection = connection;

        connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        connection.On<string, bool, string>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.On<string, string, string>("JS.SavePersistedState", (_, _, _) => { });
        connection.On<string>("JS.Error", error => _observer.OnError(this, $"JS.Error: {error}"));
        connection.Closed += error =>
        {
            if (!_stopping)
            {
                _observer.OnError(this, $"connection closed: {error?.Message ?? "by the server"}");
            }

            return Task.CompletedTask;
        };

        await connection.StartAsync(cancellationToken);
        var baseUri = new Uri(_baseAddress, "/").ToString();
        CircuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUri, pageUri.ToString(), "[]", _applicationState, cancellationToken);
        if (string.IsNullOrEmpty(CircuitId))
        {
            throw new InvalidOperationException("StartCircuit returned no circuit id.");
        }
    }

    private void ReadPrerenderedPage(string html)
    {
        var operations = new JsonArray();
        var ssrComponentId = 1;
        foreach (Match marker in ComponentMarker().Matches(html))
        {
            if (JsonNode.Parse(marker.Groups["json"].Value) is not JsonObject payload || payload["descriptor"] is null)
            {
                continue; // an end marker
            }

            if ((string?)payload["type"] != "server")
            {
                throw new InvalidOperationException($"Only server components are supported, found '{payload["type"]}'.");
            }

            payload["uniqueId"] = ssrComponentId - 1;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = ssrComponentId++, ["marker"] = payload });
        }

        if (operations.Count == 0)
        {
            throw new InvalidOperationException("The page has no interactive server component markers.");
        }

        _operationsJson = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        _applicationState = ServerState().Match(html) is { Success: true } state ? state.Groups["state"].Value : "";
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        BatchesReceived++;
        BytesReceived += batch.Length;
        _observer.OnRenderBatch(this, batch, now);
        await SendAsync("OnRenderCompleted", batchId, null);
    }

    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        var result = resultType == 1
            ? new JsonObject { ["__jsObjectId"] = Interlocked.Increment(ref _nextJsObjectId) }
            : _answers.Answer(identifier, argsJson);
        if (resultType != 1 && Interop is { } interop)
        {
            try
            {
                result = interop(new JsCall(identifier, argsJson, targetInstanceId)) ?? result;
            }
#pragma warning disable CA1031 // A module that cannot answer is a circuit error for the report, as a throwing browser module would be.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _observer.OnError(this, $"{identifier}: {ex.Message}");
            }
        }

        if (asyncHandle != 0)
        {
            var json = new JsonArray(asyncHandle, true, result?.DeepClone()).ToJsonString();
            await SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, json);
        }

        // blazor.web.js adds the page's root components once the server renderer has attached.
        if (identifier == "Blazor._internal.attachWebRendererInterop" && Interlocked.Exchange(ref _rootComponentsSent, 1) == 0)
        {
            // Its interop object is where events are dispatched.
            var interopObject = JsonNode.Parse(argsJson)?.AsArray().OfType<JsonObject>().FirstOrDefault(a => a.ContainsKey("__dotNetObject"));
            if (interopObject is not null)
            {
                Interlocked.Exchange(ref _rendererInteropId, (long)interopObject["__dotNetObject"]!);
            }

            await SendAsync("UpdateRootComponents", _operationsJson, _applicationState);
        }
    }

    /// <summary>
    /// Calls a [JSInvokable] method on a DotNetObjectReference the app handed to JS, as
    /// <c>dotnet.invokeMethodAsync</c> does; completes with the result's JSON when the server answers.
    /// Never await it on the receive loop (inside <see cref="Interop"/>): the answer arrives on that loop.
    /// </summary>
    public Task<string> InvokeDotNetAsync(long dotNetObjectId, string method, string argsJson)
    {
        var callId = Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _dotNetCalls[callId] = answer;
        _ = SendAsync("BeginInvokeDotNetFromJS", callId, null, method, dotNetObjectId, argsJson);
        return answer.Task;
    }

    /// <summary>
    /// Dispatches a click on the element whose handler has this id, as blazor.web.js (.NET 10) does: through the
    /// renderer's interop object (handed over in <c>attachWebRendererInterop</c>), method <c>DispatchEventAsync</c>.
    /// </summary>
    public Task<string> ClickAsync(ulong eventHandlerId)
    {
        var rendererInterop = Interlocked.Read(ref _rendererInteropId);
        if (rendererInterop == 0)
        {
            throw new InvalidOperationException("The renderer has not attached its interop object yet.");
        }

        var args = new JsonArray(
            new JsonObject { ["eventHandlerId"] = eventHandlerId, ["eventName"] = "click", ["eventFieldInfo"] = null },
            new JsonObject
            {
                ["detail"] = 1,
                ["screenX"] = 0,
                ["screenY"] = 0,
                ["clientX"] = 0,
                ["clientY"] = 0,
                ["offsetX"] = 0,
                ["offsetY"] = 0,
                ["pageX"] = 0,
                ["pageY"] = 0,
                ["movementX"] = 0,
                ["movementY"] = 0,
                ["button"] = 0,
                ["buttons"] = 0,
                ["ctrlKey"] = false,
                ["shiftKey"] = false,
                ["altKey"] = false,
                ["metaKey"] = false,
                ["type"] = "click",
            });
        return InvokeDotNetAsync(rendererInterop, "DispatchEventAsync", args.ToJsonString());
    }

    private void OnEndInvokeDotNet(string callId, bool success, string resultOrError)
    {
        if (_dotNetCalls.TryRemove(callId, out var answer))
        {
            if (success)
            {
                answer.TrySetResult(resultOrError);
            }
            else
            {
                answer.TrySetException(new InvalidOperationException(resultOrError));
            }
        }
    }

    private async Task SendAsync(string method, params object?[] args)
    {
        if (_connection is null || _stopping)
        {
            return;
        }

        try
        {
            await _connection.SendCoreAsync(method, args);
        }
#pragma warning disable CA1031 // A failed send is a circuit error for the report, not a crash of the generator.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_stopping)
            {
                _observer.OnError(this, $"{method} failed: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Closes the circuit the way a browser leaving the page does: stop the connection, then POST the
    /// circuit id to <c>_blazor/disconnect</c> so the server disposes it at once instead of keeping it
    /// for a reconnection.
    /// </summary>
    public async Task CloseAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        _stopping = true;
        if (_connection is not null)
        {
            await _connection.StopAsync(cancellationToken);
        }

        if (CircuitId is not null)
        {
            using var form = new MultipartFormDataContent { { new StringContent(CircuitId), "circuitId" } };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, "_blazor/disconnect")) { Content = form };
            request.Headers.Add("Cookie", _cookie);
            using var response = await http.SendAsync(request, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [GeneratedRegex("<!--Blazor:(?<json>\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)-->")]
    private static partial Regex ServerState();
}

/// <summary>One call the app made into JS: the function, its arguments as JSON, and the JS object it was called on (0 for window).</summary>
public sealed record JsCall(string Identifier, string ArgsJson, long TargetInstanceId);

/// <summary>What the fake browser answers to the app's JS calls (the void ones need no answer beyond success).</summary>
public sealed class JsAnswers
{
    private readonly Dictionary<string, JsonNode?> _answers;

    public JsAnswers(Dictionary<string, JsonNode?> answers) => _answers = answers;

    public static JsAnswers Default { get; } = new(new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
    {
        ["workspace.timeZone"] = JsonValue.Create("Europe/London"),
        ["workspace.copyText"] = JsonValue.Create(true),
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Every JS function the app called, with how often.</summary>
    public IReadOnlyDictionary<string, int> Seen => _seen;

    public JsonNode? Answer(string identifier, string argsJson)
    {
        _seen.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        return _answers.GetValueOrDefault(identifier);
    }

    public override string ToString() => string.Join(", ", _seen.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}")));

    internal static string Json(object value) => JsonSerializer.Serialize(value);
}
