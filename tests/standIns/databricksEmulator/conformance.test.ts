import { toPlainJson } from "../../../tools/common/exactJson";
import Ajv, { ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { join } from "node:path";
import { DatabricksReference } from "../../../tools/connector/validator/databricksReference";
import { findOperation, OperationEntry, Schema, SwaggerDocument } from "../../../tools/connector/model/swaggerModel";
import { parseApiFiles } from "../../../tools/connector/model/swaggerParser";
import { manualClock } from "../../../tools/standIns/databricksEmulator/clock";
import { SEED_JOBS, SEED_WAREHOUSES } from "../../../tools/standIns/databricksEmulator/seed";
import { ROUTES_BY_OPERATION } from "../../../tools/standIns/databricksEmulator/http/routes";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { loadConnectorDefinition } from "../../../tools/standIns/connectorRunner/connectorDefinition";
import { SchemaChecker, SCHEMA_ALLOWANCES } from "../../../tools/standIns/connectorRunner/schemaCheck";
import { needsReference, referenceDir, REFERENCE_CHECKS } from "../../support/reference";
import { call } from "./helpers";

/**
 * The emulator cannot drift into a shape that neither the connector nor Databricks accepts: a
 * scenario collects its answers in every state (queued to terminated, each outcome, SQL pending to
 * failed, pages, chunks), and each answer is checked against the connector's response schema and
 * against the response schema of every Databricks reference file that describes the operation.
 */

interface Sample {
    operationId: string;
    label: string;
    body: unknown;
}

type OasDocument = {
    paths: Record<
        string,
        Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
    >;
    components?: unknown;
};

interface ReferenceFile {
    file: string;
    document: OasDocument;
    /** Where the file puts an API path of the connector. */
    pathOf(path: string): string;
}

/**
 * Where the reference files are wrong about a real answer, the check is widened, by name
 * (../shared/reference/databricks/SOURCE.md lists the files' defects).
 */
const REFERENCE_ALLOWANCES = [
    {
        name: "json-array-null",
        why: "sdkgen's ResultData says data_array values are strings, and its own description says SQL NULL is JSON null.",
        applies: (file: string) => file.endsWith("sql.json"),
        widen: (document: OasDocument, _current: OasDocument) => {
            const schemas = (document.components as { schemas: Record<string, any> }).schemas; // eslint-disable-line @typescript-eslint/no-explicit-any
            schemas.ResultData.properties.data_array.items.items = { type: ["string", "null"] };
        },
    },
    {
        name: "official-2.1-required-on-properties",
        why:
            "The official 2.1 file writes `required: true` on properties (GitSource, NotebookTask) and `required: spark_version` " +
            "(NewCluster), which is not JSON Schema; they become the parent's required list, as the file means.",
        applies: (file: string) => file.includes("official-jobs-2.1"),
        widen: (document: OasDocument, _current: OasDocument) =>
            fixRequired((document.components as { schemas: Record<string, unknown> }).schemas),
    },
    {
        name: "official-2.1-enums-predate-queueing",
        why:
            "The official file is from May 2023, before run queueing and the later result states: its RunLifeCycleState lacks QUEUED " +
            "and its RunResultState lacks UPSTREAM_FAILED. Its enums get the values of the same-named enums of sdkgen's current jobs.json.",
        applies: (file: string) => file.includes("official-jobs-2.1"),
        widen: (document: OasDocument, current: OasDocument) => {
            const schemas = (document.components as { schemas: Record<string, { enum?: unknown[] }> }).schemas;
            const newer = (current.components as { schemas: Record<string, { enum?: unknown[] }> }).schemas;
            for (const [name, schema] of Object.entries(schemas)) {
                if (Array.isArray(schema.enum) && Array.isArray(newer[name]?.enum))
                    schema.enum = [...new Set([...schema.enum, ...(newer[name].enum as unknown[])])];
            }
        },
    },
];

function fixRequired(node: unknown): void {
    if (Array.isArray(node)) return node.forEach(fixRequired);
    if (node === null || typeof node !== "object") return;
    const schema = node as Record<string, unknown>;
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    const required =
        typeof schema.required === "string"
            ? [schema.required]
            : Array.isArray(schema.required)
              ? [...schema.required]
              : [];
    if (properties && typeof properties === "object") {
        for (const [name, property] of Object.entries(properties)) {
            if (property && typeof property === "object" && typeof property.required === "boolean") {
                if (property.required) required.push(name);
                delete property.required;
            }
        }
    }
    if (schema.required !== undefined) schema.required = required;
    else if (required.length > 0) schema.required = required;
    Object.values(schema).forEach(fixRequired);
}

const JOB = SEED_JOBS;

async function collectSamples(emulator: RunningEmulator, advance: (ms: number) => void): Promise<Sample[]> {
    const samples: Sample[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const record = async (operationId: string, label: string, pathAndQuery: string, body?: unknown): Promise<any> => {
        const { method } = ROUTES_BY_OPERATION[operationId];
        const answer = await call(emulator, method, pathAndQuery, body === undefined ? {} : { body });
        if (answer.status !== 200) throw new Error(`${label}: HTTP ${answer.status} ${answer.text}`);
        const parsed = JSON.parse(answer.text) as unknown;
        samples.push({ operationId, label, body: parsed });
        return parsed;
    };

    await record("ListJobs", "jobs page", "/api/2.2/jobs/list?limit=3");
    await record("ListJobs", "jobs with tasks", "/api/2.2/jobs/list?expand_tasks=true");
    for (const job of Object.values(JOB))
        await record("GetJob", `job ${job.name}`, `/api/2.2/jobs/get?job_id=${job.job_id}`);

    const runs: Record<string, number> = {};
    for (const [name, job] of Object.entries(JOB)) {
        const answer = await record(
            "RunNow",
            `run-now ${name}`,
            "/api/2.2/jobs/run-now",
            `{"job_id": ${job.job_id}, "idempotency_token": "${name}"}`,
        );
        runs[name] = answer.run_id;
    }
    const everyRun = async (phase: string): Promise<void> => {
        for (const [name, runId] of Object.entries(runs)) {
            const run = await record("GetRun", `${name} ${phase}`, `/api/2.2/jobs/runs/get?run_id=${runId}`);
            for (const task of run.tasks)
                await record(
                    "GetRunOutput",
                    `${name} task ${task.task_key} ${phase}`,
                    `/api/2.2/jobs/runs/get-output?run_id=${task.run_id}`,
                );
        }
        await record("ListRuns", `runs ${phase}`, "/api/2.2/jobs/runs/list?expand_tasks=true&limit=25");
    };
    await everyRun("queued");
    advance(250);
    await everyRun("pending");
    advance(600);
    await everyRun("running");
    await record("CancelRun", "cancel long export", "/api/2.2/jobs/runs/cancel", { run_id: runs.longExport });
    await everyRun("terminating");
    advance(3000);
    await everyRun("terminated");
    await record(
        "GetRunOutput",
        "single-task parent output",
        `/api/2.2/jobs/runs/get-output?run_id=${runs.nightlySalesLoad}`,
    );

    await record("ListWarehouses", "warehouses", "/api/2.0/sql/warehouses");
    const statements = [
        ["literals", "SELECT 1 AS one, 'a' AS a, NULL AS n, :p AS p, 1.5 AS d, TRUE AS t"],
        ["table", "SELECT * FROM sales"],
        ["chunks", "SELECT * FROM numbers"],
        ["failure", "SELECT * FROM nowhere"],
    ];
    const ids: Record<string, string> = {};
    for (const [label, statement] of statements) {
        const answer = await record("ExecuteStatement", `statement ${label} submitted`, "/api/2.0/sql/statements", {
            warehouse_id: SEED_WAREHOUSES[0].id,
            statement,
            parameters: [{ name: "p", value: "x" }],
            wait_timeout: "0s",
        });
        ids[label] = answer.statement_id;
    }
    const canceled = await record("ExecuteStatement", "statement to cancel", "/api/2.0/sql/statements", {
        warehouse_id: SEED_WAREHOUSES[1].id,
        statement: "SELECT 2",
        wait_timeout: "0s",
    });
    await record("GetStatement", "statement pending", `/api/2.0/sql/statements/${ids.literals}`);
    advance(150);
    await record("GetStatement", "statement running", `/api/2.0/sql/statements/${ids.literals}`);
    await record("CancelStatement", "cancel statement", `/api/2.0/sql/statements/${canceled.statement_id}/cancel`, {});
    await record("GetStatement", "statement canceled", `/api/2.0/sql/statements/${canceled.statement_id}`);
    advance(1000);
    for (const label of Object.keys(ids))
        await record("GetStatement", `statement ${label} done`, `/api/2.0/sql/statements/${ids[label]}`);
    for (const index of [1, 2])
        await record(
            "GetStatementResultChunk",
            `chunk ${index}`,
            `/api/2.0/sql/statements/${ids.chunks}/result/chunks/${index}`,
        );
    return samples;
}

const databricks = needsReference(REFERENCE_CHECKS.emulatorAgainstDatabricks);

describe("the emulator's answers against the connector's and Databricks' schemas", () => {
    const definition = loadConnectorDefinition();
    const document = definition.document as SwaggerDocument;
    let emulator: RunningEmulator;
    let samples: Sample[];
    let references: ReferenceFile[];

    beforeAll(async () => {
        const clock = manualClock();
        emulator = await startEmulator({
            now: clock.now,
            statementTimings: { pendingMs: 100, runningMs: 200 },
            rowsPerChunk: 100,
        });
        samples = await collectSamples(emulator, clock.advance);
        if (!databricks.available) return;
        const dir = join(referenceDir(), "databricks");
        const yamlFiles = ["official-jobs-2.1-2023-05/jobs-2.1-aws.yaml", "stackql-docscrape-2024-12/workflows.yaml"];
        const [official, docscrape] = (await parseApiFiles(yamlFiles.map((file) => join(dir, file)))) as OasDocument[];
        const sdkgen = ["stackql-sdkgen-2026-02/jobs.json", "stackql-sdkgen-2026-02/sql.json"].map((file) => ({
            file,
            document: jest.requireActual(join(dir, file)) as OasDocument,
            pathOf: (path: string) => path,
        }));
        references = [
            ...sdkgen.map((entry) => ({ ...entry, document: structuredClone(entry.document) })),
            {
                file: yamlFiles[0],
                document: official,
                pathOf: (path: string) => path.replace(/^\/api\/2\.2\/jobs\//, "/2.1/jobs/"),
            },
            { file: yamlFiles[1], document: docscrape, pathOf: (path: string) => path },
        ];
        for (const reference of references) {
            for (const allowance of REFERENCE_ALLOWANCES)
                if (allowance.applies(reference.file)) allowance.widen(reference.document, references[0].document);
        }
    }, 30_000);
    afterAll(() => emulator.close());

    it("serves every Databricks operation of the connector at the connector's method and path", () => {
        const scriptServed: string[] = definition.scriptOperations.filter(
            (operationId) => operationId === "GetJobParametersSchema",
        );
        const declared = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
            Object.entries(item).map(([method, operation]) => ({
                operationId: operation.operationId as string,
                method: method.toUpperCase(),
                path,
            })),
        );
        const served = declared.filter((operation) => !scriptServed.includes(operation.operationId));
        expect(served.length).toBeGreaterThanOrEqual(12);
        for (const operation of served)
            expect(ROUTES_BY_OPERATION[operation.operationId]).toEqual({
                method: operation.method,
                path: operation.path,
            });
        expect(Object.keys(ROUTES_BY_OPERATION).sort()).toEqual(
            served.map((operation) => operation.operationId).sort(),
        );
    });

    databricks.it(
        "serves only operations that Databricks has, by the reference files",
        async () => {
            const reference = await DatabricksReference.load(referenceDir());
            for (const { method, path } of Object.values(ROUTES_BY_OPERATION)) {
                expect([method, path, reference.hasOperation(method.toLowerCase(), path)]).toEqual([
                    method,
                    path,
                    true,
                ]);
            }
        },
        30_000,
    );

    it("collected answers of every operation in every state", () => {
        const operations = new Set(samples.map((sample) => sample.operationId));
        expect([...operations].sort()).toEqual(Object.keys(ROUTES_BY_OPERATION).sort());
        const states = new Set(
            samples
                .filter((sample) => sample.operationId === "GetRun")
                .map((sample) => (sample.body as { status: { state: string } }).status.state),
        );
        expect([...states].sort()).toEqual(["PENDING", "QUEUED", "RUNNING", "TERMINATED", "TERMINATING"]);
        const taskStates = new Set(
            samples
                .filter((sample) => sample.operationId === "GetRun")
                .flatMap((sample) =>
                    (sample.body as { tasks: Array<{ status: { state: string } }> }).tasks.map(
                        (task) => task.status.state,
                    ),
                ),
        );
        expect(taskStates.has("BLOCKED")).toBe(true);
        const results = new Set(
            samples
                .map((sample) => (sample.body as { state?: { result_state?: string } }).state?.result_state)
                .filter(Boolean),
        );
        expect([...results].sort()).toEqual(["CANCELED", "FAILED", "SUCCESS", "TIMEDOUT"]);
        const statementStates = new Set(
            samples
                .filter((sample) => sample.operationId === "GetStatement")
                .map((sample) => (sample.body as { status: { state: string } }).status.state),
        );
        expect([...statementStates].sort()).toEqual(["CANCELED", "FAILED", "PENDING", "RUNNING", "SUCCEEDED"]);
    });

    it("matches the connector's response schema of each operation", () => {
        const checker = new SchemaChecker(document);
        const problems = samples.flatMap((sample) => {
            const schema = responseSchemaOf(findOperation(document, sample.operationId) as OperationEntry);
            return schema
                ? checker
                      .check(schema, sample.body)
                      .map((mismatch) => `${sample.label}: ${mismatch.pointer} ${mismatch.message}`)
                : [];
        });
        expect(problems).toEqual([]);
    });

    it("includes SQL NULL in JSON_ARRAY rows, which the connector declares as x-nullable text", () => {
        expect(SCHEMA_ALLOWANCES).toEqual([]);
        const rowsWithNull = samples.filter((sample) =>
            JSON.stringify(toPlainJson(sample.body)).match(/"data_array":\[[^\]]*\[[^\]]*null/),
        );
        expect(rowsWithNull.length).toBeGreaterThan(0);
    });

    databricks.it("matches the response schemas of the Databricks reference files", () => {
        const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
        addFormats(ajv);
        references.forEach((reference, index) =>
            ajv.addSchema({
                $id: `reference-${index}.json`,
                components: { schemas: (reference.document.components as { schemas?: unknown })?.schemas ?? {} },
            } as object),
        );
        const checked = new Map<string, number>();
        const validators = new Map<string, ReturnType<Ajv["compile"]>>();
        const problems: string[] = [];
        for (const sample of samples) {
            const { method, path } = ROUTES_BY_OPERATION[sample.operationId];
            references.forEach((reference, index) => {
                const operation = reference.document.paths[reference.pathOf(path)]?.[method.toLowerCase()];
                const schema = operation?.responses?.["200"]?.content?.["application/json"]?.schema;
                if (!schema) return;
                const key = `${index} ${method} ${path}`;
                const validate =
                    validators.get(key) ?? ajv.compile(rewriteRefs(schema, `reference-${index}.json`) as object);
                validators.set(key, validate);
                checked.set(reference.file, (checked.get(reference.file) ?? 0) + 1);
                if (!validate(sample.body)) {
                    problems.push(
                        ...(validate.errors ?? []).map(
                            (error: ErrorObject) =>
                                `${reference.file} ${sample.label}: ${error.instancePath} ${error.message}`,
                        ),
                    );
                }
            });
        }
        expect(problems).toEqual([]);
        // Every file took part: the Jobs answers in three, the SQL answers in sdkgen's sql.json.
        expect([...checked.keys()].sort()).toEqual(references.map((reference) => reference.file).sort());
    });
});

function responseSchemaOf(entry: OperationEntry): Schema | undefined {
    return entry.operation.responses?.["200"]?.schema;
}

function rewriteRefs(value: unknown, id: string): unknown {
    if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, id));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
            key,
            key === "$ref" && typeof item === "string" && item.startsWith("#/")
                ? `${id}${item}`
                : rewriteRefs(item, id),
        ]),
    );
}
