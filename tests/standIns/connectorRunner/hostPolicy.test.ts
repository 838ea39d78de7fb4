import { baseUrlFor, loadConnectorDefinition } from "../../../tools/standIns/connectorRunner/connectorDefinition";
import { invokeOperation } from "../../../tools/standIns/connectorRunner/invoke";
import { retryAfterMs } from "../../../tools/standIns/connectorRunner/transport";

describe("the dynamichosturl policy in the runner", () => {
    const definition = loadConnectorDefinition();

    it("reads the policy from apiProperties.json", () => {
        expect(definition.urlTemplate).toBe("https://@connectionParameters('workspaceHost')");
        expect(definition.scriptOperations).toEqual(["RunNow", "GetJobParametersSchema"]);
    });

    it("sends https://<host> plus the operation's path, as the connection's host parameter gives it", async () => {
        const urls: string[] = [];
        const fake: typeof fetch = async (url) => {
            urls.push(String(url));
            return new Response('{"run_id": 1, "number_in_job": 1}', {
                status: 200,
                headers: { "Content-Type": "application/json" },
            });
        };
        const result = await invokeOperation({
            operationId: "RunNow",
            host: "adb-1234567890123456.7.azuredatabricks.net",
            token: "t",
            params: { job_id: "5" },
            fetchImpl: fake,
        });
        expect(result.ok).toBe(true);
        expect(urls).toEqual(["https://adb-1234567890123456.7.azuredatabricks.net/api/2.2/jobs/run-now"]);
        expect(result.url).toBe(urls[0]);
    });

    it("serves the script-only GetJobParametersSchema from Get a job, as script.csx does", async () => {
        const urls: string[] = [];
        const fake: typeof fetch = async (url) => {
            urls.push(String(url));
            return new Response('{"job_id": 5, "settings": {"parameters": [{"name": "region", "default": "emea"}]}}', {
                status: 200,
            });
        };
        const result = await invokeOperation({
            operationId: "GetJobParametersSchema",
            host: "adb-1.2.azuredatabricks.net",
            token: "t",
            params: { job_id: 5 },
            fetchImpl: fake,
        });
        expect(urls).toEqual(["https://adb-1.2.azuredatabricks.net/api/2.2/jobs/get?job_id=5"]);
        expect(result.body).toEqual({
            schema: {
                type: "object",
                properties: {
                    region: {
                        type: "string",
                        "x-ms-summary": "region",
                        description: 'Job parameter region. Leave it empty to use the default value "emea".',
                    },
                },
            },
        });
    });

    it("takes plain HTTP only for loopback, by http:// or by allowHttp", () => {
        expect(baseUrlFor(definition, "http://127.0.0.1:8080", false)).toBe("http://127.0.0.1:8080");
        expect(baseUrlFor(definition, "http://[::1]:8080", false)).toBe("http://[::1]:8080");
        expect(baseUrlFor(definition, "localhost:9000", true)).toBe("http://localhost:9000");
        expect(baseUrlFor(definition, "127.0.0.1:9000", false)).toBe("https://127.0.0.1:9000");
        expect(() => baseUrlFor(definition, "http://adb-1.2.azuredatabricks.net", false)).toThrow(/only for loopback/);
        expect(() => baseUrlFor(definition, "adb-1.2.azuredatabricks.net", true)).toThrow(/only for loopback/);
        expect(() => baseUrlFor(definition, "https://adb-1.2.azuredatabricks.net", false)).toThrow(
            /without https:\/\//,
        );
        expect(() => baseUrlFor(definition, "adb-1.2.azuredatabricks.net/api", false)).toThrow(/without a path/);
        expect(() => baseUrlFor(definition, " ", false)).toThrow(/empty/);
    });

    it("reads Retry-After in seconds and as an HTTP date", () => {
        expect(retryAfterMs("3")).toBe(3000);
        expect(retryAfterMs("0.5")).toBe(500);
        expect(retryAfterMs("Sat, 28 Nov 2026 10:00:05 GMT", Date.UTC(2026, 10, 28, 10, 0, 0))).toBe(5000);
        expect(retryAfterMs(null)).toBeUndefined();
        expect(retryAfterMs("soon")).toBeUndefined();
    });
});
