import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { RunningEmulator, startEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { POLICY_REFUSALS } from "../../../tools/standIns/flowHost/entraPolicy";
import { generatedLogicApp, LOCAL_TENANT_ID } from "../../../tools/standIns/flowHost/logicApps";
import { RunningFlowHost, startFlowHost } from "../../../tools/standIns/flowHost/site";
import { entraIssuer, mintUnsignedToken } from "../../../tools/standIns/flowHost/testTokens";

/**
 * The generated Logic App on the local flow host, over HTTP against the emulator: its Request
 * trigger behind the Entra ID policy (unsigned test tokens), CORS as a Consumption Logic App answers
 * it, and its ApiConnection actions through the connector without custom code.
 */

const AUDIENCE = "api://databricks-portal";
const ALLOWED = SEED_JOBS.nightlySalesLoad.job_id;
const ORIGIN = "https://portal.contoso.example";

let emulator: RunningEmulator;
let host: RunningFlowHost;
let url: string;
beforeAll(async () => {
    emulator = await startEmulator({});
    host = await startFlowHost({
        flows: [],
        connection: { host: emulator.baseUrl, token: emulator.token() },
        logicApps: [generatedLogicApp({ portalAudience: AUDIENCE, allowedJobIds: [ALLOWED] })],
    });
    url = `${host.baseUrl}${host.invokePath("databricks-job-for-portals")}?api-version=2016-10-01`;
});
afterAll(async () => {
    await host.close();
    await emulator.close();
});

const goodToken = () => mintUnsignedToken({ iss: entraIssuer(LOCAL_TENANT_ID), aud: AUDIENCE, oid: "user-1" });
const call = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${goodToken()}` }) =>
    fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
    });

test("a token with the tenant's issuer and the portal's audience runs the workflow: describe an allowed job", async () => {
    const response = await call({ action: "describe", job_id: ALLOWED });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { job: string; code: string; error: string; run: string };
    expect(reply.code).toBe("");
    expect(JSON.parse(reply.job)).toMatchObject({ name: "Nightly sales load" });
});

test("start, then status: the run the emulator started", async () => {
    const started = (await (
        await call({ action: "start", job_id: ALLOWED, parameters: '{"region": "apac"}' })
    ).json()) as {
        run: string;
    };
    if (started.run === "") throw new Error(JSON.stringify(started));
    const run = JSON.parse(started.run) as { run_id: number; job_parameters?: unknown };
    expect(run.run_id).toEqual(expect.any(Number));
    const status = (await (await call({ action: "status", run_id: String(run.run_id) })).json()) as { run: string };
    expect(JSON.parse(status.run)).toMatchObject({ run_id: run.run_id, job_id: Number(ALLOWED) });
});

test("a job not on the allow-list is refused by the workflow itself", async () => {
    const reply = (await (await call({ action: "describe", job_id: SEED_JOBS.churnScoring.job_id })).json()) as {
        code: string;
    };
    expect(reply.code).toBe("not_allowed");
});

describe("the Entra ID policy: anything else is Logic Apps' 401", () => {
    const refusal = (entry: { code: string; message: string }) => ({
        error: { code: entry.code, message: entry.message },
    });
    test.each([
        ["no Authorization header", {}, POLICY_REFUSALS.noToken],
        [
            "another tenant's issuer",
            {
                Authorization: `Bearer ${mintUnsignedToken({ iss: entraIssuer("11111111-0000-0000-0000-000000000000"), aud: AUDIENCE })}`,
            },
            POLICY_REFUSALS.claimsMismatch,
        ],
        [
            "another audience",
            { Authorization: `Bearer ${mintUnsignedToken({ iss: entraIssuer(LOCAL_TENANT_ID), aud: "api://other" })}` },
            POLICY_REFUSALS.claimsMismatch,
        ],
        [
            "no issuer at all",
            { Authorization: `Bearer ${mintUnsignedToken({ aud: AUDIENCE })}` },
            POLICY_REFUSALS.claimsMismatch,
        ],
        ["a Basic scheme", { Authorization: "Basic dXNlcjpwYXNz" }, POLICY_REFUSALS.notBearer],
        ["a token that is not a JWT", { Authorization: "Bearer not-a-jwt" }, POLICY_REFUSALS.notBearer],
        [
            "an expired token",
            {
                Authorization: `Bearer ${mintUnsignedToken({ iss: entraIssuer(LOCAL_TENANT_ID), aud: AUDIENCE }, Date.now() - 3 * 3600_000)}`,
            },
            POLICY_REFUSALS.notBearer,
        ],
    ])("%s", async (_name, headers, expected) => {
        const response = await call({ action: "describe", job_id: ALLOWED }, headers);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual(refusal(expected));
    });

    test("an audience among several in the token's aud passes", async () => {
        const token = mintUnsignedToken({ iss: entraIssuer(LOCAL_TENANT_ID), aud: ["api://other", AUDIENCE] });
        expect((await call({ action: "describe", job_id: ALLOWED }, { Authorization: `Bearer ${token}` })).status).toBe(
            200,
        );
    });
});

describe("CORS, as a Consumption Logic App's trigger answers a browser", () => {
    test("a preflight gets 200 allowing the origin, POST and the asked headers, without any token", async () => {
        const response = await fetch(url, {
            method: "OPTIONS",
            headers: {
                Origin: ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
        expect(response.headers.get("access-control-allow-methods")).toBe("POST");
        expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    });

    test("the cross-origin POST's answer, and a 401, both let the page read them", async () => {
        const ok = await call(
            { action: "describe", job_id: ALLOWED },
            { Authorization: `Bearer ${goodToken()}`, Origin: ORIGIN },
        );
        expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
        const refused = await call({ action: "describe", job_id: ALLOWED }, { Origin: ORIGIN });
        expect(refused.status).toBe(401);
        expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    });

    test("OPTIONS that is not a preflight is refused", async () => {
        expect((await fetch(url, { method: "OPTIONS" })).status).toBe(405);
    });
});
