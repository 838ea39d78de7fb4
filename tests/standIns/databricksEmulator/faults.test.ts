import { MALFORMED_BODY, parseFaultHeader } from "../../../tools/standIns/databricksEmulator/faults";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { get, post } from "./helpers";

describe("fault injection in the emulator", () => {
    let emulator: RunningEmulator;
    beforeEach(async () => {
        let next = 0;
        const sequence = [0.1, 0.9, 0.1, 0.9];
        emulator = await startEmulator({ random: () => sequence[next++ % sequence.length] });
    });
    afterEach(() => emulator.close());

    it("answers 429 with Retry-After when a request asks for it in X-Emulator-Fault", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/list", {
            headers: { "X-Emulator-Fault": "429;retry-after=3" },
        });
        expect(answer.status).toBe(429);
        expect(answer.headers.get("retry-after")).toBe("3");
        expect(answer.json.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
        expect((await get(emulator, "/api/2.2/jobs/list")).status).toBe(200);
    });

    it("applies a rule to one operation a number of times, then answers normally", async () => {
        const rule = emulator.faults.add({
            match: { operationId: "GetJob" },
            fault: { kind: "status", status: 503 },
            times: 2,
        });
        const path = `/api/2.2/jobs/get?job_id=${SEED_JOBS.nightlySalesLoad.job_id}`;
        expect((await get(emulator, "/api/2.2/jobs/list")).status).toBe(200);
        const statuses = [];
        for (let index = 0; index < 3; index += 1) statuses.push((await get(emulator, path)).status);
        expect(statuses).toEqual([503, 503, 200]);
        expect(rule.hits).toBe(2);
        expect(emulator.requests.filter((entry) => entry.operationId === "GetJob").map((entry) => entry.fault)).toEqual(
            ["503", "503", undefined],
        );
    });

    it("applies a rule by path at a rate", async () => {
        emulator.faults.add({
            match: { path: "/api/2.2/jobs/list" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
            rate: 0.5,
        });
        const statuses = [];
        for (let index = 0; index < 4; index += 1) statuses.push((await get(emulator, "/api/2.2/jobs/list")).status);
        expect(statuses).toEqual([429, 200, 429, 200]);
    });

    it("answers slowly", async () => {
        const started = Date.now();
        const answer = await get(emulator, "/api/2.2/jobs/list", { headers: { "X-Emulator-Fault": "slow=300" } });
        expect(answer.status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it("drops the connection without an answer", async () => {
        emulator.faults.add({ match: { operationId: "RunNow" }, fault: { kind: "drop" }, times: 1 });
        await expect(
            post(emulator, "/api/2.2/jobs/run-now", { job_id: Number(SEED_JOBS.nightlySalesLoad.job_id) }),
        ).rejects.toThrow();
        expect(emulator.jobs.runs.size).toBe(0);
    });

    it("sends a malformed 200 body on request, after authentication", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/runs/get?run_id=1", {
            headers: { "X-Emulator-Fault": "malformed" },
        });
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual(MALFORMED_BODY);
        expect(
            (
                await get(emulator, "/api/2.2/jobs/runs/get?run_id=1", {
                    token: null,
                    headers: { "X-Emulator-Fault": "malformed" },
                })
            ).status,
        ).toBe(401);
    });

    it("takes rules over its control endpoint too", async () => {
        const added = await fetch(`${emulator.baseUrl}/__emulator/faults`, {
            method: "POST",
            body: JSON.stringify({
                match: { operationId: "ListWarehouses" },
                fault: { kind: "status", status: 503 },
                times: 1,
            }),
        });
        expect(added.status).toBe(200);
        expect((await get(emulator, "/api/2.0/sql/warehouses")).status).toBe(503);
        expect((await get(emulator, "/api/2.0/sql/warehouses")).status).toBe(200);
        await fetch(`${emulator.baseUrl}/__emulator/faults`, { method: "DELETE" });
        expect(emulator.faults.list()).toEqual([]);
    });

    it("parses the header's forms and refuses unknown ones", () => {
        expect(parseFaultHeader("429;retry-after=2, slow=10, drop")).toEqual([
            { kind: "status", status: 429, retryAfterSeconds: 2 },
            { kind: "slow", delayMs: 10 },
            { kind: "drop" },
        ]);
        expect(() => parseFaultHeader("explode")).toThrow(/Unknown fault/);
    });

    it("closes with a slow answer pending and leaves no timer behind", async () => {
        const pending = get(emulator, "/api/2.2/jobs/list", { headers: { "X-Emulator-Fault": "slow=60000" } }).catch(
            (error: unknown) => error,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        const started = Date.now();
        await emulator.close();
        expect(Date.now() - started).toBeLessThan(2000);
        await pending;
    });
});
