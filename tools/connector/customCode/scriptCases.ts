import { GET_JOB_PATH } from "./scriptRules";

/**
 * The behaviour both connector/script.csx (run under Mono by the validator) and scriptRules.ts
 * (run by jest) must show. Each case is one call of the script: the operation, the request the
 * platform hands it, what Databricks answers if the script forwards, and what must happen.
 */

export interface ScriptCase {
    name: string;
    /** As the platform passes it: plain, or base64-encoded as in some regions. */
    operationId: string;
    request: { method: "GET" | "POST"; url: string; body?: string };
    /** Databricks' answer to a forwarded request; 200 with {} when left out. */
    upstream?: { status: number; body: string };
    expect: {
        /** Left out when the script must answer without calling Databricks. */
        forwarded?: { method: string; url: string; body?: string | null; bodyExact?: boolean };
        response: { status: number; body?: string | null; bodyExact?: boolean };
    };
}

const HOST = "https://adb-1234567890123456.7.azuredatabricks.net";
const RUN_NOW_URL = `${HOST}/api/2.2/jobs/run-now`;
const SCHEMA_URL = `${HOST}/connector/jobs/parameters-schema?job_id=123456789012345`;
// The conformance check maps GetJobParametersSchema to this path; the cases hold script.csx to it.
const GET_JOB_URL = `${HOST}${GET_JOB_PATH}?job_id=123456789012345`;
const RUN_STARTED = { status: 200, body: '{"run_id":987654321098765,"number_in_job":987654321098765}' };

const SHAPE = 'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}';

function json(value: unknown): string {
    return JSON.stringify(value);
}

function runNowWith(body: Record<string, unknown>): ScriptCase["request"] {
    return { method: "POST", url: RUN_NOW_URL, body: json(body) };
}

function rejected(message: string): ScriptCase["expect"] {
    return {
        response: { status: 400, body: json({ error_code: "INVALID_PARAMETER_VALUE", message }) },
    };
}

/** A RunNow call that the script answers itself with a 400, without calling Databricks. */
function runNowRejects(what: string, jobParametersJson: unknown, message: string): ScriptCase {
    return {
        name: `RunNow rejects ${what}`,
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters_json: jobParametersJson }),
        expect: rejected(message),
    };
}

function forwardedRunNow(body: Record<string, unknown>): ScriptCase["expect"] {
    return {
        forwarded: { method: "POST", url: RUN_NOW_URL, body: json(body) },
        response: { status: 200, body: RUN_STARTED.body },
    };
}

export const SCRIPT_CASES: ScriptCase[] = [
    {
        name: "RunNow turns job_parameters_json into job_parameters",
        operationId: "RunNow",
        request: runNowWith({
            job_id: 123456789012345,
            job_parameters_json: json({ region: "emea", run_date: "2024-01-31" }),
            idempotency_token: "c0ffee",
        }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({
            job_id: 123456789012345,
            idempotency_token: "c0ffee",
            job_parameters: { region: "emea", run_date: "2024-01-31" },
        }),
    },
    {
        name: "RunNow keeps date-like and decimal-like text exactly as given",
        operationId: "RunNow",
        request: {
            method: "POST",
            url: RUN_NOW_URL,
            body: '{"job_id":42,"job_parameters_json":"{\\"since\\":\\"2024-01-31T00:00:00Z\\",\\"rate\\":\\"0.10\\"}"}',
        },
        upstream: RUN_STARTED,
        expect: {
            forwarded: {
                method: "POST",
                url: RUN_NOW_URL,
                body: '{"job_id":42,"job_parameters":{"since":"2024-01-31T00:00:00Z","rate":"0.10"}}',
                bodyExact: true,
            },
            response: { status: 200, body: RUN_STARTED.body },
        },
    },
    {
        name: "RunNow with an empty job_parameters_json sends no job parameters",
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters_json: "  " }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42 }),
    },
    {
        name: "RunNow with job_parameters_json {} sends no job parameters",
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters_json: "{}" }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42 }),
    },
    {
        name: "RunNow with job_parameters_json null sends no job parameters",
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters_json: null }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42 }),
    },
    {
        name: "RunNow keeps the last value of a repeated parameter",
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters_json: '{"region":"emea","region":"apac"}' }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42, job_parameters: { region: "apac" } }),
    },
    {
        name: "RunNow accepts job_parameters_json beside an empty job_parameters",
        operationId: "RunNow",
        request: runNowWith({ job_id: 42, job_parameters: {}, job_parameters_json: '{"region":"emea"}' }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42, job_parameters: { region: "emea" } }),
    },
    // The script's strict grammar refuses what lenient JSON readers accept.
    ...(
        [
            ["that is not JSON", "{region: emea"],
            ["with a comment", '{"region":"emea" /* note */}'],
            ["with single-quoted text", "{'region':'emea'}"],
            ["with text after the object", '{"region":"emea"} x'],
            ["with a trailing comma", '{"region":"emea",}'],
            ["with an unquoted name", '{region:"emea"}'],
        ] as const
    ).map(([what, text]) => runNowRejects(`job_parameters_json ${what}`, text, `${SHAPE}, but it is not valid JSON.`)),
    runNowRejects("a JSON array", '["emea"]', `${SHAPE}, but it is an array instead of an object.`),
    runNowRejects("a JSON string", '"emea"', `${SHAPE}, but it is a string instead of an object.`),
    runNowRejects("JSON null inside the text", "null", `${SHAPE}, but it is null instead of an object.`),
    runNowRejects(
        "a number value and names its key",
        '{"region":"emea","days":7}',
        `${SHAPE}, but the value of "days" is a number.`,
    ),
    runNowRejects("a boolean value", '{"full":true}', `${SHAPE}, but the value of "full" is a boolean.`),
    runNowRejects(
        "a nested object value",
        '{"range":{"from":"a"}}',
        `${SHAPE}, but the value of "range" is an object.`,
    ),
    runNowRejects("an array value", '{"regions":["emea"]}', `${SHAPE}, but the value of "regions" is an array.`),
    runNowRejects("a null value", '{"region":null}', `${SHAPE}, but the value of "region" is null.`),
    runNowRejects(
        "job_parameters_json that is not text",
        { region: "emea" },
        "job_parameters_json must be text that holds a JSON object, but it is an object.",
    ),
    {
        name: "RunNow rejects job parameters given twice",
        operationId: "RunNow",
        request: runNowWith({
            job_id: 42,
            job_parameters: { region: "apac" },
            job_parameters_json: '{"region":"emea"}',
        }),
        expect: rejected("Give the job parameters either in job_parameters or in job_parameters_json, not in both."),
    },
    {
        name: "RunNow without job_parameters_json passes the body through byte for byte",
        operationId: "RunNow",
        request: {
            method: "POST",
            url: RUN_NOW_URL,
            body: '{ "job_id": 42, "job_parameters": { "since": "2024-01-31T00:00:00Z" }, "queue": { "enabled": true } }',
        },
        upstream: RUN_STARTED,
        expect: {
            forwarded: {
                method: "POST",
                url: RUN_NOW_URL,
                body: '{ "job_id": 42, "job_parameters": { "since": "2024-01-31T00:00:00Z" }, "queue": { "enabled": true } }',
                bodyExact: true,
            },
            response: { status: 200, body: RUN_STARTED.body, bodyExact: true },
        },
    },
    {
        name: "RunNow passes Databricks' error through unchanged",
        operationId: "RunNow",
        request: runNowWith({ job_id: 1, job_parameters_json: '{"region":"emea"}' }),
        upstream: { status: 400, body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 1 does not exist."}' },
        expect: {
            forwarded: {
                method: "POST",
                url: RUN_NOW_URL,
                body: json({ job_id: 1, job_parameters: { region: "emea" } }),
            },
            response: {
                status: 400,
                body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 1 does not exist."}',
                bodyExact: true,
            },
        },
    },
    {
        name: "RunNow works when the platform base64-encodes the operation ID",
        operationId: Buffer.from("RunNow").toString("base64"),
        request: runNowWith({ job_id: 42, job_parameters_json: '{"region":"emea"}' }),
        upstream: RUN_STARTED,
        expect: forwardedRunNow({ job_id: 42, job_parameters: { region: "emea" } }),
    },
    {
        name: "GetJobParametersSchema reads the job and describes its parameters",
        operationId: "GetJobParametersSchema",
        request: { method: "GET", url: SCHEMA_URL },
        upstream: {
            status: 200,
            body: json({
                job_id: 123456789012345,
                settings: {
                    name: "Nightly load",
                    parameters: [
                        { name: "region", default: "emea" },
                        { name: "run_date", default: "" },
                        { name: "mode" },
                    ],
                },
            }),
        },
        expect: {
            forwarded: { method: "GET", url: GET_JOB_URL, body: null },
            response: {
                status: 200,
                body: json({
                    schema: {
                        type: "object",
                        properties: {
                            region: {
                                type: "string",
                                "x-ms-summary": "region",
                                description: 'Job parameter region. Leave it empty to use the default value "emea".',
                            },
                            run_date: {
                                type: "string",
                                "x-ms-summary": "run_date",
                                description: 'Job parameter run_date. Leave it empty to use the default value "".',
                            },
                            mode: {
                                type: "string",
                                "x-ms-summary": "mode",
                                description: "Job parameter mode. It has no default value.",
                            },
                        },
                    },
                }),
            },
        },
    },
    {
        name: "GetJobParametersSchema of a job without parameters is an empty schema",
        operationId: "GetJobParametersSchema",
        request: { method: "GET", url: SCHEMA_URL },
        upstream: { status: 200, body: json({ job_id: 123456789012345, settings: { name: "No parameters" } }) },
        expect: {
            forwarded: { method: "GET", url: GET_JOB_URL },
            response: { status: 200, body: json({ schema: { type: "object", properties: {} } }) },
        },
    },
    {
        name: "GetJobParametersSchema passes a missing job's 400 through",
        operationId: "GetJobParametersSchema",
        request: { method: "GET", url: SCHEMA_URL },
        upstream: {
            status: 400,
            body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 123456789012345 does not exist."}',
        },
        expect: {
            forwarded: { method: "GET", url: GET_JOB_URL },
            response: {
                status: 400,
                body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 123456789012345 does not exist."}',
                bodyExact: true,
            },
        },
    },
    {
        name: "GetJobParametersSchema works when the platform base64-encodes the operation ID",
        operationId: Buffer.from("GetJobParametersSchema").toString("base64"),
        request: { method: "GET", url: SCHEMA_URL },
        upstream: { status: 200, body: json({ settings: { parameters: [{ name: "region" }] } }) },
        expect: {
            forwarded: { method: "GET", url: GET_JOB_URL },
            response: {
                status: 200,
                body: json({
                    schema: {
                        type: "object",
                        properties: {
                            region: {
                                type: "string",
                                "x-ms-summary": "region",
                                description: "Job parameter region. It has no default value.",
                            },
                        },
                    },
                }),
            },
        },
    },
    {
        name: "Any other operation passes through unchanged",
        operationId: "GetRun",
        request: { method: "GET", url: `${HOST}/api/2.2/jobs/runs/get?run_id=987654321098765` },
        upstream: { status: 200, body: '{"run_id":987654321098765,"status":{"state":"RUNNING"}}' },
        expect: {
            forwarded: { method: "GET", url: `${HOST}/api/2.2/jobs/runs/get?run_id=987654321098765` },
            response: { status: 200, body: '{"run_id":987654321098765,"status":{"state":"RUNNING"}}', bodyExact: true },
        },
    },
    {
        name: "Another operation's body with job_parameters_json is not touched",
        operationId: "ExecuteStatement",
        request: {
            method: "POST",
            url: `${HOST}/api/2.0/sql/statements`,
            body: '{"warehouse_id":"abc","statement":"SELECT 1","job_parameters_json":"{}"}',
        },
        upstream: { status: 200, body: '{"statement_id":"s1","status":{"state":"SUCCEEDED"}}' },
        expect: {
            forwarded: {
                method: "POST",
                url: `${HOST}/api/2.0/sql/statements`,
                body: '{"warehouse_id":"abc","statement":"SELECT 1","job_parameters_json":"{}"}',
                bodyExact: true,
            },
            response: { status: 200, body: '{"statement_id":"s1","status":{"state":"SUCCEEDED"}}', bodyExact: true },
        },
    },
];
