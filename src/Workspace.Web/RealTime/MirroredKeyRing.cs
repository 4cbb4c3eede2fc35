using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace Workspace.Web.RealTime;

/// <summary>
/// The key ring in Redis, shared by every node, with a copy in this node's key folder: a node that starts
/// while Redis is down reads the keys it saw last and still accepts the cookies and forms they protect.
/// The copy is never the source of truth; new keys are written to Redis (and copied) or not at all.
/// </summary>
public sealed partial class MirroredKeyRing : IXmlRepository
{
    private readonly RedisXmlRepository _redis;
    private readonly FileSystemXmlRepository _mirror;
    private readonly DirectoryInfo _folder;
    private readonly ILogger<MirroredKeyRing> _logger;

    public MirroredKeyRing(IConnectionMultiplexer redis, DirectoryInfo folder, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(loggers);
        _redis = new RedisXmlRepository(() => redis.GetDatabase(), RedisConnection.KeyRingKey);
        _folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _mirror = new FileSystemXmlRepository(folder, loggers);
        _logger = loggers.CreateLogger<MirroredKeyRing>();
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        IReadOnlyCollection<XElement> shared;
        try
        {
            shared = _redis.GetAllElements();
        }
        catch (RedisException e)
        {
            var copy = _mirror.GetAllElements();
            LogReadFromCopy(e, copy.Count);
            return copy;
        }

        foreach (var element in shared)
        {
            Copy(element);
        }

        return shared;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _redis.StoreElement(element, friendlyName);
        Copy(element, friendlyName);
    }

    private void Copy(XElement element, string? friendlyName = null)
    {
        // Keys are named by their id, so a key copied once is not written again on every read of the ring.
        var name = element.Attribute("id")?.Value is { Length: > 0 } id ? $"key-{id}" : friendlyName;
        if (name is null || File.Exists(Path.Combine(_folder.FullName, name + ".xml")))
        {
            return;
        }

        try
        {
            _mirror.StoreElement(element, name);
        }
        catch (IOException e)
        {
            LogCopyFailed(e, name);
        }
        catch (UnauthorizedAccessException e)
        {
            LogCopyFailed(e, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key ring in Redis could not be read; using this node's copy ({Count} keys) until Redis is back.")]
    private partial void LogReadFromCopy(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not copy key {Name} of the key ring to this node's key folder.")]
    private partial void LogCopyFailed(Exception exception, string name);
}
