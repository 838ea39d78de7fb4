// A stand-in for the documented surface of Power Platform custom code (ScriptBase, IScriptContext
// and the ILogger it hands out), so that connector/script.csx compiles and runs under Mono. Only
// the members Microsoft documents are here; the setters are internal so the test driver can wire a
// context, as the platform does.
using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

public abstract class ScriptBase
{
    public IScriptContext Context { get; internal set; }

    public CancellationToken CancellationToken { get; internal set; }

    public static StringContent CreateJsonContent(string serializedJson)
    {
        return new StringContent(serializedJson, Encoding.UTF8, "application/json");
    }

    public abstract Task<HttpResponseMessage> ExecuteAsync();
}

public interface IScriptContext
{
    string CorrelationId { get; }

    string OperationId { get; }

    HttpRequestMessage Request { get; }

    ILogger Logger { get; }

    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

namespace Microsoft.Extensions.Logging
{
    public enum LogLevel
    {
        Trace,
        Debug,
        Information,
        Warning,
        Error,
        Critical,
        None,
    }

    public struct EventId
    {
        public EventId(int id, string name = null)
        {
            Id = id;
            Name = name;
        }

        public int Id { get; }

        public string Name { get; }
    }

    public interface ILogger
    {
        void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter);

        bool IsEnabled(LogLevel logLevel);

        IDisposable BeginScope<TState>(TState state);
    }

    public static class LoggerExtensions
    {
        public static void LogDebug(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Debug, message, args);
        }

        public static void LogInformation(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Information, message, args);
        }

        public static void LogWarning(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Warning, message, args);
        }

        public static void LogError(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Error, message, args);
        }

        public static void LogCritical(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Critical, message, args);
        }

        private static void Write(ILogger logger, LogLevel level, string message, object[] args)
        {
            // Message templates ("{Name}") are kept as written: the stand-in only has to carry them.
            logger.Log(level, new EventId(0), message, null, (state, exception) => state);
        }
    }
}
