import { ApiError } from "../../../tools/standIns/databricksEmulator/apiError";
import { manualClock } from "../../../tools/standIns/databricksEmulator/clock";
import { Workspace } from "../../../tools/standIns/databricksEmulator/http/apiRequest";
import { callRoute, findRoute, ROUTES_BY_OPERATION } from "../../../tools/standIns/databricksEmulator/http/routes";
import { Sleeps } from "../../../tools/standIns/databricksEmulator/http/sleeps";
import { JobStore } from "../../../tools/standIns/databricksEmulator/jobs";
import { SEED_JOBS, SEED_TABLES, SEED_WAREHOUSES, WORKSPACE_ID } from "../../../tools/standIns/databricksEmulator/seed";
import { SqlStore } from "../../../tools/standIns/databricksEmulator/sql/statementStore";

/** The route table on its own: which operation a method and path reach, and Databricks' answer when none does. */

function seededWorkspace(): Workspace {
    const { now } = manualClock();
    const jobs = new JobStore(now, () => "adb-1.2.azuredatabricks.net", WORKSPACE_ID);
    for (const spec of Object.values(SEED_JOBS)) jobs.addJob(spec);
    return { jobs, sql: new SqlStore(now, SEED_WAREHOUSES, SEED_TABLES), now, sleeps: new Sleeps() };
}

async function errorOf(answer: Promise<unknown>): Promise<ApiError> {
    const error = await answer.then(
        () => undefined,
        (thrown: unknown) => thrown,
    );
    if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
    return error;
}

const NO_BODY = () => ({});

describe("the emulator's route table", () => {
    it("reaches each operation at its own path, with its path parameters", () => {
        for (const [operationId, { path }] of Object.entries(ROUTES_BY_OPERATION)) {
            const concrete = path.replace("{statement_id}", "st-1").replace("{chunk_index}", "2");
            const found = findRoute(concrete);
            expect(found?.route.operationId).toBe(operationId);
            expect(found?.segments).toEqual(
                (path.match(/\{[^}]+\}/g) ?? []).map((name) => (name === "{statement_id}" ? "st-1" : "2")),
            );
        }
        expect(findRoute("/api/2.0/sql/statements/st-1/result/chunks")).toBeUndefined();
        expect(findRoute("/api/2.2/jobs/list/")).toBeUndefined();
        expect(findRoute("/api/2x2/jobs/list")).toBeUndefined();
    });

    it("answers a path no operation has with 404 ENDPOINT_NOT_FOUND, named without /api", async () => {
        const error = await errorOf(
            callRoute(
                findRoute("/api/2.2/jobs/nothing"),
                "GET",
                "/api/2.2/jobs/nothing",
                { query: new URLSearchParams(), user: "", body: NO_BODY },
                seededWorkspace(),
            ),
        );
        expect(error.status).toBe(404);
        expect(error.body()).toEqual({
            error_code: "ENDPOINT_NOT_FOUND",
            message: "No API found for 'GET /2.2/jobs/nothing'",
        });
    });

    it("names the operation of a path asked with the wrong method, and still answers 404", async () => {
        const found = findRoute("/api/2.2/jobs/run-now");
        expect(found?.route.operationId).toBe("RunNow");
        const error = await errorOf(
            callRoute(
                found,
                "GET",
                "/api/2.2/jobs/run-now",
                { query: new URLSearchParams(), user: "", body: NO_BODY },
                seededWorkspace(),
            ),
        );
        expect(error.body()).toEqual({
            error_code: "ENDPOINT_NOT_FOUND",
            message: "No API found for 'GET /2.2/jobs/run-now'",
        });
    });

    it("decodes path parameters before the handler sees them, and refuses broken percent-encoding with 400", async () => {
        const workspace = seededWorkspace();
        const call = (path: string) =>
            callRoute(
                findRoute(path),
                "GET",
                path,
                { query: new URLSearchParams(), user: "", body: NO_BODY },
                workspace,
            );
        const unknown = await errorOf(call("/api/2.0/sql/statements/no%20such"));
        expect(unknown.body()).toEqual({ error_code: "NOT_FOUND", message: "Statement no such was not found." });
        const broken = await errorOf(call("/api/2.0/sql/statements/%E0%A4%A"));
        expect(broken.status).toBe(400);
        expect(broken.body()).toEqual({
            error_code: "INVALID_PARAMETER_VALUE",
            message: "The path segment '%E0%A4%A' is not valid percent-encoding.",
        });
    });

    it("hands the query, the body and the user to the handler", async () => {
        const workspace = seededWorkspace();
        const request = (query: Record<string, string>, body: Record<string, string> = {}) => ({
            query: new URLSearchParams(query),
            user: "someone@contoso.example",
            body: () => body,
        });
        const call = (method: string, path: string, query: Record<string, string>, body?: Record<string, string>) =>
            callRoute(findRoute(path), method, path, request(query, body), workspace);
        const job = (await call("GET", "/api/2.2/jobs/get", { job_id: SEED_JOBS.archivePartitions.job_id })) as {
            job_id: number | bigint;
        };
        expect(BigInt(job.job_id)).toBe(BigInt(SEED_JOBS.archivePartitions.job_id));
        const started = (await call(
            "POST",
            "/api/2.2/jobs/run-now",
            {},
            { job_id: SEED_JOBS.nightlySalesLoad.job_id },
        )) as { run_id: number | bigint };
        expect(workspace.jobs.runs.get(BigInt(started.run_id))?.creator).toBe("someone@contoso.example");
    });
});
