// Runs connector/script.csx against the cases in a JSON file (written from
// tools/connector/customCode/scriptCases.ts) with a fake platform context, and prints one line per case.
// Exit code 0 when every case passes, 1 otherwise.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

public static class ScriptTestDriver
{
    public static int Main(string[] args)
    {
        JArray cases = (JArray)Parse(File.ReadAllText(args[0]));
        int passed = 0;
        int failed = 0;
        foreach (JObject testCase in cases)
        {
            string name = (string)testCase["name"];
            string failure;
            try
            {
                failure = Run(testCase);
            }
            catch (Exception exception)
            {
                failure = "threw " + exception.GetType().Name + ": " + exception.Message;
            }

            if (failure == null)
            {
                passed++;
                Console.WriteLine("ok " + name);
            }
            else
            {
                failed++;
                Console.WriteLine("FAIL " + name + ": " + failure);
            }
        }

        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static string Run(JObject testCase)
    {
        JObject request = (JObject)testCase["request"];
        JObject expect = (JObject)testCase["expect"];
        FakeContext context = new FakeContext((string)testCase["operationId"], BuildRequest(request), (JObject)testCase["upstream"]);
        Script script = new Script { Context = context, CancellationToken = CancellationToken.None };

        Stopwatch watch = Stopwatch.StartNew();
        HttpResponseMessage response = script.ExecuteAsync().GetAwaiter().GetResult();
        watch.Stop();
        // The platform stops custom code after 5 seconds; the script must stay far below that.
        if (watch.ElapsedMilliseconds > 2000)
        {
            return "took " + watch.ElapsedMilliseconds + " ms";
        }

        JToken expectedForward = expect["forwarded"];
        if (expectedForward == null || expectedForward.Type == JTokenType.Null)
        {
            if (context.Forwarded != null)
            {
                return "forwarded the request, but it should have answered itself";
            }
        }
        else
        {
            if (context.Forwarded == null)
            {
                return "did not forward the request";
            }

            string mismatch = Compare("forwarded", (JObject)expectedForward, context.Forwarded);
            if (mismatch != null)
            {
                return mismatch;
            }
        }

        JObject actualResponse = new JObject
        {
            { "status", (int)response.StatusCode },
            { "body", response.Content == null ? null : response.Content.ReadAsStringAsync().GetAwaiter().GetResult() },
        };
        return Compare("response", (JObject)expect["response"], actualResponse);
    }

    private static HttpRequestMessage BuildRequest(JObject request)
    {
        HttpRequestMessage message = new HttpRequestMessage(new HttpMethod((string)request["method"]), (string)request["url"]);
        JToken body = request["body"];
        if (body != null && body.Type == JTokenType.String)
        {
            message.Content = new StringContent((string)body, Encoding.UTF8, "application/json");
        }

        return message;
    }

    private static string Compare(string what, JObject expected, JObject actual)
    {
        foreach (string field in new[] { "method", "url", "status" })
        {
            JToken want = expected[field];
            if (want != null && !JToken.DeepEquals(want, actual[field]))
            {
                return what + " " + field + " is " + actual[field] + ", expected " + want;
            }
        }

        JToken wantBody = expected["body"];
        if (wantBody == null)
        {
            return null;
        }

        string actualBody = (string)actual["body"];
        if (wantBody.Type == JTokenType.Null)
        {
            return string.IsNullOrEmpty(actualBody) ? null : what + " body is " + actualBody + ", expected none";
        }

        bool exact = expected["bodyExact"] != null && (bool)expected["bodyExact"];
        bool same = exact
            ? (string)wantBody == actualBody
            : actualBody != null && JToken.DeepEquals(Parse((string)wantBody), Parse(actualBody));
        return same ? null : what + " body is " + actualBody + ", expected " + (string)wantBody;
    }

    private static JToken Parse(string text)
    {
        using (JsonTextReader reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal })
        {
            return JToken.ReadFrom(reader);
        }
    }

    private sealed class FakeContext : IScriptContext
    {
        private readonly JObject upstream;

        public FakeContext(string operationId, HttpRequestMessage request, JObject upstream)
        {
            this.OperationId = operationId;
            this.Request = request;
            this.upstream = upstream;
        }

        public string CorrelationId
        {
            get { return "00000000-0000-0000-0000-000000000000"; }
        }

        public string OperationId { get; private set; }

        public HttpRequestMessage Request { get; private set; }

        public ILogger Logger
        {
            get { return new SilentLogger(); }
        }

        public JObject Forwarded { get; private set; }

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content == null ? null : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
            this.Forwarded = new JObject
            {
                { "method", request.Method.Method },
                { "url", request.RequestUri.AbsoluteUri },
                { "body", body },
            };

            int status = this.upstream == null ? 200 : (int)this.upstream["status"];
            string content = this.upstream == null ? "{}" : (string)this.upstream["body"];
            return new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(content, Encoding.UTF8, "application/json"),
            };
        }
    }

    private sealed class SilentLogger : ILogger
    {
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter)
        {
        }

        public bool IsEnabled(LogLevel logLevel)
        {
            return false;
        }

        public IDisposable BeginScope<TState>(TState state)
        {
            return null;
        }
    }
}
