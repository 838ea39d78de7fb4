import { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { ApiError } from "../../../tools/standIns/databricksEmulator/apiError";
import { MAX_BODY_BYTES, readBody } from "../../../tools/standIns/databricksEmulator/http/messages";
import { Sleeps } from "../../../tools/standIns/databricksEmulator/http/sleeps";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { decodeToken, KNOWN_USER, userOf } from "../../../tools/standIns/databricksEmulator/tokens";
import { call, get } from "./helpers";

/** How the emulator reads requests, waits and is steered: the seams below the routes. */

function bodyStream(...chunks: string[]): { request: IncomingMessage; stream: PassThrough } {
    const stream = new PassThrough();
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    return { request: stream as unknown as IncomingMessage, stream };
}

describe("reading request bodies", () => {
    it("reads a body in chunks as UTF-8 text", async () => {
        const euro = Buffer.from("€", "utf8");
        const stream = new PassThrough();
        const reading = readBody(stream as unknown as IncomingMessage, 100);
        stream.write(Buffer.concat([Buffer.from('{"a":"'), euro.subarray(0, 1)]));
        stream.end(Buffer.concat([euro.subarray(1), Buffer.from('"}')]));
        expect(await reading).toBe('{"a":"€"}');
    });

    it("refuses a body over the limit with Databricks' 400 and stops reading", async () => {
        const { request, stream } = bodyStream("0123456789", "x");
        const refused = await readBody(request, 10).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ApiError);
        expect((refused as ApiError).status).toBe(400);
        expect((refused as ApiError).body()).toEqual({
            error_code: "MALFORMED_REQUEST",
            message: "The request body is too large.",
        });
        expect(stream.destroyed).toBe(true);
        expect(await readBody(bodyStream("0123456789").request, 10)).toBe("0123456789");
    });
});

describe("waits that closing ends", () => {
    it("wakes every sleeper at once, and later sleeps return at once", async () => {
        const sleeps = new Sleeps();
        const started = Date.now();
        const sleeping = Promise.all([sleeps.sleep(60_000), sleeps.sleep(60_000)]);
        expect(sleeps.isStopped).toBe(false);
        sleeps.stopAll();
        await sleeping;
        await sleeps.sleep(60_000);
        expect(sleeps.isStopped).toBe(true);
        expect(Date.now() - started).toBeLessThan(2000);
    });
});

describe("the emulator's HTTP face", () => {
    let emulator: RunningEmulator;
    beforeEach(async () => {
        emulator = await startEmulator();
    });
    afterEach(() => emulator.close());

    it("drops a request whose body is over the limit, and goes on serving", async () => {
        const tooLarge = await fetch(`${emulator.baseUrl}/api/2.2/jobs/run-now`, {
            method: "POST",
            headers: { Authorization: `Bearer ${emulator.token()}` },
            body: "x".repeat(MAX_BODY_BYTES + 1),
        }).then(
            (response) => response.status,
            (error: Error) => error.message,
        );
        expect(tooLarge).toBe("fetch failed");
        expect((await get(emulator, "/api/2.2/jobs/list")).status).toBe(200);
    });

    it("answers every operation's JSON with the workspace's org id header", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/nothing-here");
        expect(answer.headers.get("content-type")).toBe("application/json");
        expect(answer.headers.get("x-databricks-org-id")).toMatch(/^\d{16}$/);
    });

    it("logs each request with its operation, user and status, and serves the log and a token without authentication", async () => {
        await get(emulator, "/api/2.2/jobs/list");
        await get(emulator, "/api/2.2/jobs/list", { token: null });
        await call(emulator, "DELETE", "/api/2.2/jobs/list");
        const log = await get(emulator, "/__emulator/requests", { token: null });
        expect(log.status).toBe(200);
        expect(
            log.json.requests.map((entry: { method: string; operationId?: string; user?: string; status: number }) => [
                entry.method,
                entry.operationId,
                entry.user,
                entry.status,
            ]),
        ).toEqual([
            ["GET", "ListJobs", KNOWN_USER, 200],
            ["GET", "ListJobs", undefined, 401],
            ["DELETE", "ListJobs", KNOWN_USER, 404],
            // The request for the log is in it too, as a control request: no operation, no user.
            ["GET", undefined, undefined, 200],
        ]);
        const minted = await get(emulator, "/__emulator/token", { token: null });
        expect(userOf(decodeToken(minted.json.token) ?? {})).toBe(KNOWN_USER);
        expect((await get(emulator, "/api/2.2/jobs/list", { token: minted.json.token })).status).toBe(200);
        const unknown = await call(emulator, "PUT", "/__emulator/faults", { token: null });
        expect(unknown.status).toBe(404);
        expect(unknown.json).toEqual({
            error_code: "ENDPOINT_NOT_FOUND",
            message: "No emulator control endpoint PUT /__emulator/faults",
        });
    });
});
