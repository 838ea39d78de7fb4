import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import {
    AZURE_DATABRICKS_RESOURCE_ID,
    KNOWN_USER,
    mintTestToken,
    UNKNOWN_USER,
} from "../../../tools/standIns/databricksEmulator/tokens";
import { get } from "./helpers";

describe("the emulator authenticates like a workspace", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        emulator = await startEmulator();
    });
    afterAll(() => emulator.close());

    it("binds to loopback on a free port", () => {
        expect(emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(emulator.host).toBe(`127.0.0.1:${emulator.port}`);
        expect(emulator.port).toBeGreaterThan(0);
    });

    it("answers a request without a bearer token with 401 and Databricks' JSON", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/list", { token: null });
        expect(answer.status).toBe(401);
        expect(answer.headers.get("content-type")).toMatch(/application\/json/);
        expect(answer.json.error_code).toBe(401);
        expect(answer.json.message).toMatch(
            /^Credential was not sent or was of an unsupported type for this API\. \[ReqId: [0-9a-f-]{36}\]$/,
        );
    });

    it("answers a token for another audience with the gateway's HTML 400", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/list", {
            token: mintTestToken({ aud: "https://management.core.windows.net/" }),
        });
        expect(answer.status).toBe(400);
        expect(answer.headers.get("content-type")).toMatch(/text\/html/);
        expect(answer.json).toBeUndefined();
        expect(answer.text).toContain("<h2>HTTP ERROR 400</h2>");
        expect(answer.text).toContain(
            `io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: ${AZURE_DATABRICKS_RESOURCE_ID}, but was: https://management.core.windows.net/.`,
        );
        expect(answer.text).toContain("Problem accessing /api/2.2/jobs/list. Reason:");
    });

    it("answers a user the workspace does not know with the HTML 403 'User not authorized.'", async () => {
        const answer = await get(emulator, "/api/2.2/jobs/list", { token: mintTestToken({ upn: UNKNOWN_USER }) });
        expect(answer.status).toBe(403);
        expect(answer.headers.get("content-type")).toMatch(/text\/html/);
        expect(answer.text).toContain("<title>Error 403 User not authorized.</title>");
        expect(answer.text).toContain("<pre>    User not authorized.</pre>");
    });

    it("refuses an expired token and a token that is not a JWT", async () => {
        const expired = await get(emulator, "/api/2.2/jobs/list", { token: mintTestToken({ expiresInSeconds: -60 }) });
        expect(expired.status).toBe(400);
        expect(expired.text).toContain("io.jsonwebtoken.ExpiredJwtException: JWT expired at");
        const garbage = await get(emulator, "/api/2.2/jobs/list", { token: "dapi-not-a-jwt" });
        expect(garbage.status).toBe(403);
        expect(garbage.json).toEqual({ error_code: "403", message: "Invalid access token." });
    });

    it("lets a known user in, and a user taken out of the workspace no longer", async () => {
        expect((await get(emulator, "/api/2.2/jobs/list")).status).toBe(200);
        emulator.users.delete(KNOWN_USER);
        try {
            expect((await get(emulator, "/api/2.2/jobs/list")).status).toBe(403);
        } finally {
            emulator.users.add(KNOWN_USER);
        }
    });

    it("mints tokens with the AzureDatabricks audience and the known user by default", () => {
        const [header, payload, signature] = mintTestToken().split(".");
        expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "none", typ: "JWT" });
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        expect(claims).toMatchObject({ aud: AZURE_DATABRICKS_RESOURCE_ID, upn: KNOWN_USER });
        expect(claims.exp - claims.iat).toBe(3600);
        expect(signature).toBe("");
    });
});
