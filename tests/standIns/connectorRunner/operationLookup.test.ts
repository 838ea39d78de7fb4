import { loadConnectorDefinition } from "../../../tools/standIns/connectorRunner/connectorDefinition";
import { invokeOperation } from "../../../tools/standIns/connectorRunner/invoke";
import { findOperationByRequest, operationForRequest } from "../../../tools/standIns/connectorRunner/operationLookup";

/** From Logic Apps' method + path back to the connector's operation, and the runner without custom code. */

const definition = loadConnectorDefinition();

describe("findOperationByRequest", () => {
    test.each([
        ["get", "/api/2.2/jobs/get", "GetJob", {}],
        ["POST", "/api/2.2/jobs/run-now", "RunNow", {}],
        ["GET", "/api/2.0/sql/statements/01ef-abc", "GetStatement", { statement_id: "01ef-abc" }],
        [
            "GET",
            "/api/2.0/sql/statements/a%2Fb/result/chunks/3",
            "GetStatementResultChunk",
            { statement_id: "a/b", chunk_index: "3" },
        ],
        ["POST", "/api/2.0/sql/statements/s-1/cancel", "CancelStatement", { statement_id: "s-1" }],
    ])("%s %s is %s", (method, path, operationId, pathParameters) => {
        const match = findOperationByRequest(definition, method, path);
        expect(match?.entry.operation.operationId).toBe(operationId);
        expect(match?.pathParameters).toEqual(pathParameters);
    });

    test.each([
        ["GET", "/api/2.2/jobs/run-now"],
        ["POST", "/api/2.2/jobs/get"],
        ["GET", "/api/2.0/sql/statements/"],
        ["GET", "/api/2.2/jobs/get/extra"],
        ["GET", "/API/2.2/jobs/get"],
    ])("%s %s is no operation", (method, path) => {
        expect(findOperationByRequest(definition, method, path)).toBeUndefined();
    });
});

describe("operationForRequest", () => {
    test("queries by name, path parameters from the path, the body whole", () => {
        expect(
            operationForRequest(definition, {
                method: "POST",
                path: "/api/2.2/jobs/run-now",
                body: { job_id: 5, job_parameters: { a: "b" } },
            }),
        ).toEqual({ operationId: "RunNow", params: { body: { job_id: 5, job_parameters: { a: "b" } } } });
        expect(
            operationForRequest(definition, {
                method: "GET",
                path: "/api/2.2/jobs/runs/get",
                queries: { run_id: "7" },
            }),
        ).toEqual({ operationId: "GetRun", params: { run_id: "7" } });
    });

    test("an unknown method and path: a message that names them and lists the connector's", () => {
        expect(() => operationForRequest(definition, { method: "delete", path: "/api/2.2/jobs/get" })).toThrow(
            /^No operation of the connector answers DELETE \/api\/2\.2\/jobs\/get\. It has: GET \/api\/2\.2\/jobs\/list \(ListJobs\), /,
        );
    });

    test("a body for an operation that takes none is refused, naming the operation", () => {
        expect(() =>
            operationForRequest(definition, { method: "GET", path: "/api/2.2/jobs/get", body: { job_id: 1 } }),
        ).toThrow("GetJob (GET /api/2.2/jobs/get) takes no body, but the request has one.");
    });
});

describe("invokeOperation with customCode false (Logic Apps runs no custom code)", () => {
    const recorded: Array<{ method: string; url: string; body?: string }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
        recorded.push({ method: String(init.method), url, body: init.body as string | undefined });
        return new Response('{"run_id": 9, "number_in_job": 9}', {
            status: 200,
            headers: { "Content-Type": "application/json" },
        });
    }) as unknown as typeof fetch;
    beforeEach(() => (recorded.length = 0));

    const runNow = (params: Record<string, unknown>, customCode?: boolean) =>
        invokeOperation({
            operationId: "RunNow",
            host: "adb-1.1.azuredatabricks.net",
            token: "t",
            params,
            customCode,
            fetchImpl,
        });

    test("with custom code, job_parameters_json becomes job_parameters", async () => {
        await runNow({ job_id: "42", job_parameters_json: '{"region": "emea"}' });
        expect(JSON.parse(recorded[0].body ?? "")).toEqual({ job_id: 42, job_parameters: { region: "emea" } });
    });

    test("without it, the body goes as the definition builds it: job_parameters_json stays text", async () => {
        const result = await runNow({ job_id: "42", job_parameters_json: '{"region": "emea"}' }, false);
        expect(result.ok).toBe(true);
        expect(recorded).toEqual([
            {
                method: "POST",
                url: "https://adb-1.1.azuredatabricks.net/api/2.2/jobs/run-now",
                body: '{"job_id":42,"job_parameters_json":"{\\"region\\": \\"emea\\"}"}',
            },
        ]);
    });

    test("without it, a body that does its own conversion is sent as it is", async () => {
        const result = await runNow({ body: { job_id: 42, job_parameters: { region: "emea" } } }, false);
        expect(result.ok).toBe(true);
        expect(JSON.parse(recorded[0].body ?? "")).toEqual({ job_id: 42, job_parameters: { region: "emea" } });
    });
});
