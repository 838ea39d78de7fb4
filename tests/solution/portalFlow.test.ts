import { ConnectorAnswer, Value } from "../../tools/standIns/workflowEngine";
import { logicApp, PortalHost, PortalRun, powerAutomate, sentToDatabricks } from "./portalFlowHosts";

/**
 * The portal flow on both its hosts — the Power Automate flow "Databricks job for Power Pages" and
 * the Logic App generated from it — run by the workflow engine against one stand-in for the
 * Databricks Jobs connector: what the page gets back for each request, and which calls reach the
 * connector. One table of cases; the allow-list is the environment variable dbxjt_PortalAllowedJobIds
 * (the Logic App's allowedJobIds parameter holds the same array).
 */

const ALLOWED_JOB = "123456789012345";
const OTHER_JOB = "987654321";
const ALLOWED_RUN = "555";
const OTHER_RUN = "777";

const job = {
    job_id: Number(ALLOWED_JOB),
    settings: {
        name: "Nightly refresh",
        parameters: [{ name: "region", default: "emea" }],
        tasks: [{ task_key: "main" }],
    },
};
const runOf = (runId: string, jobId: string, state = "RUNNING") => ({
    run_id: Number(runId),
    job_id: Number(jobId),
    run_page_url: `https://adb-1.1.azuredatabricks.net/jobs/${jobId}/runs/${runId}`,
    status: { state },
});
const databricksError = (statusCode: number, error_code: string, message: string): ConnectorAnswer => ({
    statusCode,
    body: { error_code, message },
});

type Operation = "GetJob" | "RunNow" | "GetRun" | "CancelRun";
/** An operation's answer, or an Error for a call that gets no HTTP answer. */
type Answers = Partial<Record<Operation, ConnectorAnswer | Error>>;

/** The stand-in connector: a job, a run of the allowed job (555) and a run of another job (777); `answers` replaces an operation's answer. */
function connector(answers: Answers) {
    let canceled = false;
    return (operationId: string, parameters: Record<string, Value>): ConnectorAnswer => {
        const answer = answers[operationId as Operation];
        if (answer instanceof Error) throw answer;
        if (answer) return answer;
        switch (operationId) {
            case "GetJob":
                return { statusCode: 200, body: job };
            case "RunNow":
                return { statusCode: 200, body: { run_id: 555, number_in_job: 555 } };
            case "CancelRun":
                canceled = true;
                return { statusCode: 200, body: {} };
            case "GetRun": {
                const runId = String(parameters.run_id);
                const jobId = runId === OTHER_RUN ? OTHER_JOB : ALLOWED_JOB;
                return { statusCode: 200, body: runOf(runId, jobId, canceled ? "TERMINATING" : "RUNNING") };
            }
            default:
                throw new Error(`unexpected ${operationId}`);
        }
    };
}

interface Case {
    name: string;
    /** The inputs by title, as the page sends them. */
    request: Record<string, Value>;
    allowList?: string;
    answers?: Answers;
    reply: { run?: unknown; job?: unknown; error?: string | RegExp; code: string };
    /** The operations called, in order (retries included). */
    calls: Operation[];
}

const tooLong = "1".repeat(20);
const refuse = (code: string, error: RegExp, request: Record<string, Value>, allowList?: string): Case => ({
    name: `${code}: ${error.source.slice(0, 60)} (${JSON.stringify(request)}${allowList === undefined ? "" : `, allow-list ${allowList}`})`,
    request,
    allowList,
    reply: { run: "", job: "", error, code },
    calls: [],
});

/** A request whose connector calls end in a failure: no run, no job, the error and its code. */
const failed = (
    name: string,
    request: Record<string, Value>,
    outcome: { answers: Answers; error: string | RegExp; code?: string; calls: Operation[] },
): Case => ({
    name,
    request,
    answers: outcome.answers,
    reply: { error: outcome.error, code: outcome.code ?? "databricks_error" },
    calls: outcome.calls,
});

const CASES: Case[] = [
    {
        name: "describe an allowed job: its name and parameters",
        request: { action: "describe", job_id: ALLOWED_JOB },
        reply: {
            run: "",
            job: { name: "Nightly refresh", parameters: [{ name: "region", default: "emea" }] },
            code: "",
        },
        calls: ["GetJob"],
    },
    {
        name: "start an allowed job: the run as GetRun gives it",
        request: {
            action: "start",
            job_id: ALLOWED_JOB,
            parameters: '{"region": "apac"}',
            idempotency_token: "visit-42",
        },
        reply: { run: runOf("555", ALLOWED_JOB), job: "", code: "" },
        calls: ["RunNow", "GetRun"],
    },
    {
        name: "start with an idempotency token Databricks knows from a run of another job: refused, that run not shown",
        request: { action: "start", job_id: ALLOWED_JOB, idempotency_token: "token-of-another-visit" },
        answers: { RunNow: { statusCode: 200, body: { run_id: Number(OTHER_RUN) } } },
        reply: {
            run: "",
            job: "",
            error: /^The idempotency token belongs to a run of another job; start again without it, or with a new one\.$/,
            code: "not_allowed",
        },
        calls: ["RunNow", "GetRun"],
    },
    {
        name: "status of a run of an allowed job",
        request: { action: "status", run_id: ALLOWED_RUN },
        reply: { run: runOf(ALLOWED_RUN, ALLOWED_JOB), job: "", code: "" },
        calls: ["GetRun"],
    },
    {
        name: "cancel a run of an allowed job: the run read again after the cancel",
        request: { action: "cancel", run_id: ALLOWED_RUN },
        reply: { run: runOf(ALLOWED_RUN, ALLOWED_JOB, "TERMINATING"), job: "", code: "" },
        calls: ["GetRun", "CancelRun", "GetRun"],
    },
    refuse("not_allowed", /^This site may not describe or start the job 987654321\.$/, {
        action: "describe",
        job_id: OTHER_JOB,
    }),
    refuse("not_allowed", /^This site may not describe or start the job 987654321\.$/, {
        action: "start",
        job_id: OTHER_JOB,
    }),
    refuse(
        "not_allowed",
        /^This site may not describe or start the job 123456789012345\.$/,
        { action: "start", job_id: ALLOWED_JOB },
        "[]",
    ),
    ...["status", "cancel"].map((action) => ({
        ...refuse("not_allowed", /^This site may not follow or cancel the run 777: it is not a run of a job/, {
            action,
            run_id: OTHER_RUN,
        }),
        calls: ["GetRun" as const],
    })),
    refuse("invalid_input", /^action must be describe, start, status or cancel, not "delete"\.$/, {
        action: "delete",
        job_id: ALLOWED_JOB,
    }),
    refuse("invalid_input", /^action must be/, { job_id: ALLOWED_JOB }),
    refuse("invalid_input", /^job_id must be a Databricks job ID: 1 to 19 digits\.$/, {
        action: "describe",
        job_id: "12a",
    }),
    refuse("invalid_input", /^job_id must be/, { action: "start", job_id: ` ${ALLOWED_JOB}` }),
    refuse("invalid_input", /^job_id must be/, { action: "start", job_id: "-5" }),
    refuse("invalid_input", /^job_id must be/, { action: "start", job_id: tooLong }),
    refuse("invalid_input", /^job_id must be/, { action: "describe" }),
    refuse("invalid_input", /^run_id must be a Databricks run ID: 1 to 19 digits\.$/, {
        action: "status",
        run_id: "1e3",
    }),
    refuse("invalid_input", /^run_id must be/, { action: "cancel", run_id: tooLong }),
    refuse("invalid_input", /^idempotency_token must be at most 64 characters\.$/, {
        action: "start",
        job_id: ALLOWED_JOB,
        idempotency_token: "x".repeat(65),
    }),
    refuse("invalid_input", /^parameters must be empty or a JSON object .*; it is not JSON\.$/, {
        action: "start",
        job_id: ALLOWED_JOB,
        parameters: "region=emea",
    }),
    ...['["emea"]', '"emea"', "42", "null"].map((parameters) =>
        refuse("invalid_input", /^parameters must be empty or a JSON object of text values/, {
            action: "start",
            job_id: ALLOWED_JOB,
            parameters,
        }),
    ),
    ...[
        '{"count": 3}',
        '{"region": "emea", "dry_run": true}',
        '{"region": null}',
        '{"regions": ["emea"]}',
        '{"a": {"b": "c"}}',
    ].map((parameters) =>
        refuse("invalid_input", /^parameters: every value must be text/, {
            action: "start",
            job_id: ALLOWED_JOB,
            parameters,
        }),
    ),
    ...[
        "[123456789012345]",
        '{"jobs": ["123456789012345"]}',
        "123456789012345",
        '["123456789012345", "abc"]',
        '["123456789012345",]',
        "",
    ].map((allowList) =>
        refuse(
            "misconfigured",
            /^The site is not set up: the environment variable dbxjt_PortalAllowedJobIds must be a JSON array of job IDs written as text/,
            { action: "describe", job_id: ALLOWED_JOB },
            allowList,
        ),
    ),
    {
        name: 'text values with quotes, backslashes and ":" in them are text',
        request: {
            action: "start",
            job_id: ALLOWED_JOB,
            parameters: JSON.stringify({ note: 'say "a":1 \\', path: "C:\\" }),
        },
        reply: { run: runOf("555", ALLOWED_JOB), job: "", code: "" },
        calls: ["RunNow", "GetRun"],
    },
    failed(
        "a 400 from Databricks: its message",
        { action: "describe", job_id: ALLOWED_JOB },
        {
            answers: { GetJob: databricksError(400, "INVALID_PARAMETER_VALUE", "Job 123456789012345 does not exist.") },
            error: "Reading the job (GetJob) failed: Job 123456789012345 does not exist.",
            calls: ["GetJob"],
        },
    ),
    failed(
        "a 503 on every try of RunNow: the status and the answer, after the retries",
        {
            action: "start",
            job_id: ALLOWED_JOB,
        },
        {
            answers: { RunNow: { statusCode: 503, body: "upstream unavailable" } },
            error: "Starting the run (RunNow) failed: HTTP 503 upstream unavailable",
            calls: ["RunNow", "RunNow", "RunNow"],
        },
    ),
    failed(
        "the gateway's 403 in HTML: the status, and the page as text",
        { action: "describe", job_id: ALLOWED_JOB },
        {
            answers: { GetJob: { statusCode: 403, body: "<html><b>Forbidden</b></html>" } },
            error: "Reading the job (GetJob) failed: HTTP 403 <html><b>Forbidden</b></html>",
            calls: ["GetJob"],
        },
    ),
    failed(
        "no answer at all (the workspace unreachable): the reason",
        { action: "describe", job_id: ALLOWED_JOB },
        {
            answers: { GetJob: new Error("connect ECONNREFUSED 127.0.0.1:443") },
            error: /^Reading the job \(GetJob\) failed: .*ECONNREFUSED 127\.0\.0\.1:443/,
            calls: ["GetJob"],
        },
    ),
    failed(
        "a failed cancel: Databricks' message",
        { action: "cancel", run_id: ALLOWED_RUN },
        {
            answers: { CancelRun: databricksError(400, "INVALID_STATE", "Run 555 has already ended.") },
            error: "Canceling the run (CancelRun) failed: Run 555 has already ended.",
            calls: ["GetRun", "CancelRun"],
        },
    ),
    // A visitor learns nothing about which runs exist: a run Databricks does not know, or does not show
    // the flow's account, is answered as a run of another job is.
    ...(
        [
            ["status", databricksError(400, "INVALID_PARAMETER_VALUE", "Run 42 does not exist.")],
            ["cancel", databricksError(400, "INVALID_PARAMETER_VALUE", "Run 42 does not exist.")],
            ["status", databricksError(404, "RESOURCE_DOES_NOT_EXIST", "Run 42 does not exist.")],
            ["status", databricksError(403, "PERMISSION_DENIED", "svc-portal@contoso.example cannot view run 42.")],
        ] as const
    ).map(([action, answer]) => ({
        name: `${action} of a run answered ${answer.statusCode} by GetRun: not_allowed, as a run of another job, with nothing of Databricks' answer`,
        request: { action, run_id: "42" },
        answers: { GetRun: answer },
        reply: {
            run: "",
            job: "",
            error: /^This site may not follow or cancel the run 42: it is not a run of a job the site may start\.$/,
            code: "not_allowed",
        },
        calls: ["GetRun"] as Operation[],
    })),
    failed(
        "status while GetRun answers 503: the status, after the retries",
        { action: "status", run_id: ALLOWED_RUN },
        {
            answers: { GetRun: { statusCode: 503, body: "upstream unavailable" } },
            error: "Reading the run (GetRun) failed: HTTP 503 upstream unavailable",
            calls: ["GetRun", "GetRun", "GetRun"],
        },
    ),
    failed(
        "an answer the flow cannot read (GetRun gives text, not a run): flow_error, never a reply that looks like success",
        { action: "status", run_id: ALLOWED_RUN },
        {
            answers: { GetRun: { statusCode: 200, body: "<html>maintenance</html>" } },
            error: "The flow could not complete the request; its run history in Power Automate shows which step failed.",
            code: "flow_error",
            calls: ["GetRun"],
        },
    ),
];

function run(host: PortalHost, testCase: Case): PortalRun {
    return host.run({
        request: testCase.request,
        allowList: testCase.allowList ?? `["${OTHER_JOB}0", "${ALLOWED_JOB}"]`,
        connector: connector(testCase.answers ?? {}),
    });
}

/** The reply's JSON texts parsed, so that a case states the run and the job as objects. */
function readable(body: Record<string, Value>) {
    const parsed = (text: Value) => (typeof text === "string" && text !== "" ? (JSON.parse(text) as unknown) : text);
    return { run: parsed(body.run), job: parsed(body.job), error: body.error, code: body.code };
}

// The Logic App's allow-list is the ARM array parameter allowedJobIds: environment variable text
// that is not a JSON array (not JSON, an object, a bare number, empty) cannot be given to it, so
// those misconfigured cases are the Power Automate host's alone.
function isJsonArray(text: string): boolean {
    try {
        return Array.isArray(JSON.parse(text));
    } catch {
        return false;
    }
}
const runsOn = (host: PortalHost, testCase: Case) =>
    host === powerAutomate || testCase.allowList === undefined || isJsonArray(testCase.allowList);

describe.each([powerAutomate, logicApp])("on $name", (host) => {
    describe.each(CASES.filter((testCase) => runsOn(host, testCase)))("$name", (testCase) => {
        let hostRun: PortalRun;
        beforeAll(() => {
            hostRun = run(host, testCase);
        });

        test("replies 200 with run, job, error and code as text", () => {
            expect(hostRun.response?.statusCode).toBe(200);
            const body = hostRun.response?.body as Record<string, Value>;
            expect(Object.keys(body).sort()).toEqual(["code", "error", "job", "run"]);
            for (const value of Object.values(body)) expect(typeof value).toBe("string");
            const { error, ...rest } = testCase.reply;
            expect(readable(body)).toEqual({
                run: "",
                job: "",
                ...rest,
                error: error === undefined ? "" : typeof error === "string" ? error : expect.stringMatching(error),
            });
        });

        test("calls the connector only as the case says", () => {
            expect(hostRun.calls.map((call) => call.operationId)).toEqual(testCase.calls);
        });

        if (host !== powerAutomate)
            test("gives the same reply and sends Databricks the same calls as the Power Automate flow", () => {
                const flowRun = run(powerAutomate, testCase);
                // The headers differ by design: the Logic App's HTTP Response declares its JSON; a Power Pages reply has none.
                expect(hostRun.response?.statusCode).toBe(flowRun.response?.statusCode);
                expect(hostRun.response?.body).toEqual(flowRun.response?.body);
                expect(hostRun.calls.map(sentToDatabricks)).toEqual(flowRun.calls.map(sentToDatabricks));
            });
    });

    test("start sends Databricks the job, the parameters as an object and the page's idempotency token, then reads the run", () => {
        const hostRun = run(host, CASES[1]);
        expect(sentToDatabricks(hostRun.calls[0]).parameters).toEqual({
            "body/job_id": Number(ALLOWED_JOB),
            "body/job_parameters": { region: "apac" },
            "body/idempotency_token": "visit-42",
        });
        expect(hostRun.calls[1].parameters).toEqual({ run_id: 555 });
    });

    test("start without a token uses the flow run's name, so a retried request starts no second run", () => {
        const hostRun = host.run({
            request: { action: "start", job_id: ALLOWED_JOB },
            allowList: `["${ALLOWED_JOB}"]`,
            runName: "08584599999999999999999999999CU42",
            connector: connector({}),
        });
        expect(hostRun.calls[0].parameters["body/idempotency_token"]).toBe("08584599999999999999999999999CU42");
    });

    test("the allow-list's default value allows nothing", () => {
        const hostRun = host.run({
            request: { action: "describe", job_id: ALLOWED_JOB },
            connector: connector({}),
        });
        expect((hostRun.response?.body as Record<string, Value>).code).toBe("not_allowed");
        expect(hostRun.calls).toEqual([]);
    });
});

test("start passes the job, the parameters' text and the page's idempotency token to RunNow on Power Automate", () => {
    const flowRun = run(powerAutomate, CASES[1]);
    expect(flowRun.calls[0].parameters).toEqual({
        "body/job_id": Number(ALLOWED_JOB),
        "body/job_parameters_json": '{"region": "apac"}',
        "body/idempotency_token": "visit-42",
    });
    expect(flowRun.calls[1].parameters).toEqual({ run_id: 555 });
});
