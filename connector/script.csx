using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// Custom code of the Databricks Jobs connector. scriptOperations in apiProperties.json limits it to
// RunNow and GetJobParametersSchema; any other operation is passed through unchanged.
// tools/connector/customCode/scriptRules.ts implements the same rules in TypeScript, and the validator runs
// both against the same cases (tools/connector/customCode/scriptCases.ts).
public class Script : ScriptBase
{
    private const string RunNowOperationId = "RunNow";
    private const string ParametersSchemaOperationId = "GetJobParametersSchema";

    // Databricks has no endpoint that describes a job's parameters as a schema, so the internal
    // GetJobParametersSchema operation is served by "Get a job" and its settings.parameters.
    private const string GetJobPath = "/api/2.2/jobs/get";

    private const string ParametersJsonField = "job_parameters_json";
    private const string ParametersField = "job_parameters";
    private const string ExpectedShape = "job_parameters_json must be a JSON object whose values are text, such as {\"region\": \"emea\"}";

    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        switch (ResolveOperationId(this.Context.OperationId))
        {
            case RunNowOperationId:
                return await this.RunNowAsync().ConfigureAwait(false);
            case ParametersSchemaOperationId:
                return await this.GetJobParametersSchemaAsync().ConfigureAwait(false);
            default:
                return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);
        }
    }

    // Known issue of custom code: in some regions the platform passes the operation ID base64-encoded.
    private static string ResolveOperationId(string operationId)
    {
        if (operationId == RunNowOperationId || operationId == ParametersSchemaOperationId)
        {
            return operationId;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(operationId));
        }
        catch (FormatException)
        {
            return operationId;
        }
    }

    private async Task<HttpResponseMessage> RunNowAsync()
    {
        HttpRequestMessage request = this.Context.Request;
        if (request.Content != null)
        {
            string body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
            string problem;
            string converted = ConvertRunNowBody(body, out problem);
            if (problem != null)
            {
                return BadRequest(problem);
            }

            if (converted != null)
            {
                request.Content = CreateJsonContent(converted);
            }
        }

        return await this.Context.SendAsync(request, this.CancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> GetJobParametersSchemaAsync()
    {
        HttpRequestMessage request = this.Context.Request;
        request.RequestUri = new UriBuilder(request.RequestUri) { Path = GetJobPath }.Uri;

        HttpResponseMessage response = await this.Context.SendAsync(request, this.CancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        string job = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        response.Content = CreateJsonContent(BuildParametersSchema(job));
        return response;
    }

    // Returns the body to send instead, or null to send the original body untouched; sets problem
    // to the message of a 400 when job_parameters_json is not a JSON object of strings.
    private static string ConvertRunNowBody(string body, out string problem)
    {
        problem = null;
        JObject request = ParseObjectOrNull(body);
        if (request == null || request[ParametersJsonField] == null)
        {
            return null;
        }

        JToken parametersJson = request[ParametersJsonField];
        request.Remove(ParametersJsonField);
        if (parametersJson.Type == JTokenType.Null)
        {
            return request.ToString(Formatting.None);
        }

        if (parametersJson.Type != JTokenType.String)
        {
            problem = "job_parameters_json must be text that holds a JSON object, but it is " + Describe(parametersJson.Type) + ".";
            return null;
        }

        string text = (string)parametersJson;
        if (string.IsNullOrWhiteSpace(text))
        {
            return request.ToString(Formatting.None);
        }

        JObject parameters = ParseParameters(text, out problem);
        if (problem != null)
        {
            return null;
        }

        if (parameters.Count == 0)
        {
            return request.ToString(Formatting.None);
        }

        JToken given = request[ParametersField];
        bool givenIsEmpty = given == null || given.Type == JTokenType.Null
            || (given.Type == JTokenType.Object && ((JObject)given).Count == 0);
        if (!givenIsEmpty)
        {
            problem = "Give the job parameters either in job_parameters or in job_parameters_json, not in both.";
            return null;
        }

        request[ParametersField] = parameters;
        return request.ToString(Formatting.None);
    }

    private static JObject ParseParameters(string text, out string problem)
    {
        problem = null;
        if (!StrictJson.IsValid(text))
        {
            problem = ExpectedShape + ", but it is not valid JSON.";
            return null;
        }

        using (JsonTextReader reader = CreateReader(text))
        {
            reader.Read();
            if (reader.TokenType != JsonToken.StartObject)
            {
                problem = ExpectedShape + ", but it is " + Describe(reader.TokenType) + " instead of an object.";
                return null;
            }

            // Read property by property, so that a repeated key keeps its last value, as in JSON.parse.
            JObject parameters = new JObject();
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                string name = (string)reader.Value;
                reader.Read();
                if (reader.TokenType != JsonToken.String)
                {
                    problem = ExpectedShape + ", but the value of \"" + name + "\" is " + Describe(reader.TokenType) + ".";
                    return null;
                }

                parameters[name] = (string)reader.Value;
            }

            return parameters;
        }
    }

    private static string BuildParametersSchema(string job)
    {
        JObject properties = new JObject();
        JObject parsed = ParseObjectOrNull(job);
        JArray definitions = parsed == null ? null : parsed.SelectToken("settings.parameters") as JArray;
        if (definitions != null)
        {
            foreach (JToken definition in definitions)
            {
                JToken name = definition.Type == JTokenType.Object ? definition["name"] : null;
                if (name == null || name.Type != JTokenType.String)
                {
                    continue;
                }

                JToken defaultValue = definition["default"];
                string description = defaultValue != null && defaultValue.Type == JTokenType.String
                    ? "Job parameter " + (string)name + ". Leave it empty to use the default value \"" + (string)defaultValue + "\"."
                    : "Job parameter " + (string)name + ". It has no default value.";
                properties[(string)name] = new JObject
                {
                    { "type", "string" },
                    { "x-ms-summary", (string)name },
                    { "description", description },
                };
            }
        }

        JObject schema = new JObject
        {
            { "type", "object" },
            { "properties", properties },
        };
        return new JObject { { "schema", schema } }.ToString(Formatting.None);
    }

    private static JObject ParseObjectOrNull(string text)
    {
        try
        {
            using (JsonTextReader reader = CreateReader(text))
            {
                return JToken.ReadFrom(reader) as JObject;
            }
        }
        catch (JsonReaderException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // Older Newtonsoft versions reject a repeated property name here.
            return null;
        }
    }

    // Dates and decimals stay exactly as sent: by default Newtonsoft would rewrite date-like text
    // (a job parameter "2024-01-31T00:00:00Z" would change) and round decimals through double.
    private static JsonTextReader CreateReader(string text)
    {
        return new JsonTextReader(new StringReader(text))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
    }

    private static string Describe(JsonToken token)
    {
        switch (token)
        {
            case JsonToken.StartObject:
                return "an object";
            case JsonToken.StartArray:
                return "an array";
            case JsonToken.Integer:
            case JsonToken.Float:
                return "a number";
            case JsonToken.String:
                return "a string";
            case JsonToken.Boolean:
                return "a boolean";
            default:
                return "null";
        }
    }

    private static string Describe(JTokenType type)
    {
        switch (type)
        {
            case JTokenType.Object:
                return "an object";
            case JTokenType.Array:
                return "an array";
            case JTokenType.Integer:
            case JTokenType.Float:
                return "a number";
            case JTokenType.Boolean:
                return "a boolean";
            default:
                return "null";
        }
    }

    // The same shape as Databricks' own errors, so a maker reads one kind of message.
    private static HttpResponseMessage BadRequest(string message)
    {
        JObject error = new JObject
        {
            { "error_code", "INVALID_PARAMETER_VALUE" },
            { "message", message },
        };
        return new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = CreateJsonContent(error.ToString(Formatting.None)),
        };
    }

    // Newtonsoft's reader is lenient (comments, single quotes, trailing commas); JSON.parse and
    // Databricks are not, so the text is first checked against the JSON grammar (RFC 8259).
    // Hand-written on purpose: a connector script can load no NuGet package, and Newtonsoft.Json is its only JSON library.
    private sealed class StrictJson
    {
        private const int MaxDepth = 128;
        private readonly string text;
        private int position;

        private StrictJson(string text)
        {
            this.text = text;
        }

        public static bool IsValid(string text)
        {
            StrictJson reader = new StrictJson(text);
            try
            {
                reader.SkipWhitespace();
                reader.Value(0);
                reader.SkipWhitespace();
                return reader.position == text.Length;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private void Value(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException();
            }

            char next = this.Peek();
            if (next == '{')
            {
                this.Members('{', '}', depth, true);
            }
            else if (next == '[')
            {
                this.Members('[', ']', depth, false);
            }
            else if (next == '"')
            {
                this.String();
            }
            else if (next == '-' || (next >= '0' && next <= '9'))
            {
                this.Number();
            }
            else if (!this.Literal("true") && !this.Literal("false") && !this.Literal("null"))
            {
                throw new FormatException();
            }
        }

        private void Members(char open, char close, int depth, bool named)
        {
            this.Expect(open);
            this.SkipWhitespace();
            if (this.Peek() == close)
            {
                this.position++;
                return;
            }

            while (true)
            {
                if (named)
                {
                    this.String();
                    this.SkipWhitespace();
                    this.Expect(':');
                    this.SkipWhitespace();
                }

                this.Value(depth + 1);
                this.SkipWhitespace();
                if (this.Peek() == close)
                {
                    this.position++;
                    return;
                }

                this.Expect(',');
                this.SkipWhitespace();
            }
        }

        private void String()
        {
            this.Expect('"');
            while (true)
            {
                char next = this.Take();
                if (next == '"')
                {
                    return;
                }

                if (next < ' ')
                {
                    throw new FormatException();
                }

                if (next == '\\')
                {
                    char escaped = this.Take();
                    if (escaped == 'u')
                    {
                        for (int i = 0; i < 4; i++)
                        {
                            if (!Uri.IsHexDigit(this.Take()))
                            {
                                throw new FormatException();
                            }
                        }
                    }
                    else if ("\"\\/bfnrt".IndexOf(escaped) < 0)
                    {
                        throw new FormatException();
                    }
                }
            }
        }

        private void Number()
        {
            if (this.Peek() == '-')
            {
                this.position++;
            }

            if (this.Peek() == '0')
            {
                this.position++;
            }
            else
            {
                this.Digits();
            }

            if (this.Peek() == '.')
            {
                this.position++;
                this.Digits();
            }

            if (this.Peek() == 'e' || this.Peek() == 'E')
            {
                this.position++;
                if (this.Peek() == '+' || this.Peek() == '-')
                {
                    this.position++;
                }

                this.Digits();
            }
        }

        private void Digits()
        {
            int start = this.position;
            while (this.Peek() >= '0' && this.Peek() <= '9')
            {
                this.position++;
            }

            if (this.position == start)
            {
                throw new FormatException();
            }
        }

        private bool Literal(string word)
        {
            if (string.CompareOrdinal(this.text, this.position, word, 0, word.Length) != 0)
            {
                return false;
            }

            this.position += word.Length;
            return true;
        }

        private void SkipWhitespace()
        {
            while (this.position < this.text.Length && " \t\n\r".IndexOf(this.text[this.position]) >= 0)
            {
                this.position++;
            }
        }

        private void Expect(char expected)
        {
            if (this.Take() != expected)
            {
                throw new FormatException();
            }
        }

        private char Take()
        {
            if (this.position >= this.text.Length)
            {
                throw new FormatException();
            }

            return this.text[this.position++];
        }

        // '\0' past the end: no JSON token starts with it, so every caller rejects it.
        private char Peek()
        {
            return this.position < this.text.Length ? this.text[this.position] : '\0';
        }
    }
}
