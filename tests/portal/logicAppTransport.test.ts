import { checkEndpoint, createLogicAppTransport, type AccessTokenHook } from "../../portal/src/logicAppTransport";

const ENDPOINT =
    "https://prod-07.westeurope.logic.azure.com/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-10-01";

interface Sent {
    url: string;
    init: RequestInit;
}

/** A fetch that answers every request with the next scripted answer (the last one repeats). */
function fakeFetch(...answers: Array<{ status: number; body: string } | Error>) {
    const sent: Sent[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
        sent.push({ url: String(input), init: init ?? {} });
        const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return new Response(answer.body, { status: answer.status });
    }) as typeof fetch;
    return { fetchFn, sent };
}

const ok = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });
/** Logic Apps' answer when the trigger's Entra ID policy refuses the token. */
const REFUSED = {
    status: 401,
    body: JSON.stringify({
        error: {
            code: "MisMatchingOAuthClaims",
            message:
                "One or more claims either missing or does not match with the open authentication access control policy.",
        },
    }),
};

function transportWith(fake: ReturnType<typeof fakeFetch>) {
    return createLogicAppTransport({ endpoint: ENDPOINT, getAccessToken: () => () => "token-A", fetch: fake.fetchFn });
}

describe("the request", () => {
    test("POSTs the five inputs as plain JSON to the endpoint with the page's bearer token, no cookies, no redirects", async () => {
        const fake = fakeFetch(ok({ run: "" }));
        await transportWith(fake)({ action: "start", job_id: "11", parameters: '{"a":"1"}', idempotency_token: "t-1" });
        expect(fake.sent).toHaveLength(1);
        const [{ url, init }] = fake.sent;
        expect(url).toBe(ENDPOINT);
        expect(init).toMatchObject({
            method: "POST",
            headers: { Authorization: "Bearer token-A", "Content-Type": "application/json" },
            credentials: "omit",
            redirect: "error",
        });
        expect(JSON.parse(String(init.body))).toEqual({
            action: "start",
            job_id: "11",
            parameters: '{"a":"1"}',
            run_id: "",
            idempotency_token: "t-1",
        });
    });

    test("asks the hook for a token before every request, and reads the hook the page set last", async () => {
        const fake = fakeFetch(ok({ run: "" }));
        let issued = 0;
        let hook: AccessTokenHook | undefined;
        const transport = createLogicAppTransport({
            endpoint: ENDPOINT,
            getAccessToken: () => hook,
            fetch: fake.fetchFn,
        });
        const askedFor: string[] = [];
        hook = async (endpoint) => (askedFor.push(endpoint), `token-${++issued}`);
        await transport({ action: "status", run_id: "1" });
        await transport({ action: "status", run_id: "1" });
        hook = () => "token-from-a-new-hook";
        await transport({ action: "status", run_id: "1" });
        expect(fake.sent.map((s) => (s.init.headers as Record<string, string>).Authorization)).toEqual([
            "Bearer token-1",
            "Bearer token-2",
            "Bearer token-from-a-new-hook",
        ]);
        // The hook hears where its token goes, so that a page can refuse an endpoint it does not know.
        expect(askedFor).toEqual([ENDPOINT, ENDPOINT]);
    });
});

describe("the reply", () => {
    test("the workflow's outputs are read case-insensitively; objects become their JSON text", async () => {
        const fake = fakeFetch(ok({ RUN: '{"run_id":5}', Job: { name: "Nightly" }, error: "", code: null }));
        const outcome = await transportWith(fake)({ action: "describe", job_id: "11" });
        expect(outcome).toEqual({
            ok: true,
            reply: { run: '{"run_id":5}', job: '{"name":"Nightly"}', error: "", code: "" },
        });
    });

    test("a 401 or 403 from the trigger's Entra ID policy is notAuthorized, with Logic Apps' message for the console", async () => {
        for (const status of [401, 403]) {
            const fake = fakeFetch({ ...REFUSED, status });
            const outcome = await transportWith(fake)({ action: "describe", job_id: "11" });
            expect(outcome).toEqual({
                ok: false,
                failure: {
                    kind: "notAuthorized",
                    status,
                    detail: expect.stringContaining(
                        "does not match with the open authentication access control policy",
                    ),
                },
            });
            expect(fake.sent).toHaveLength(1);
        }
    });

    test("other statuses, 202 without a body, a reply that is not the workflow's, and no answer at all", async () => {
        const cases: Array<[{ status: number; body: string } | Error, string, number | undefined]> = [
            [{ status: 502, body: '{"error":{"code":"NoResponse","message":"upstream"}}' }, "endpointStatus", 502],
            [{ status: 404, body: "" }, "endpointStatus", 404],
            [{ status: 500, body: "oops" }, "endpointStatus", 500],
            [{ status: 202, body: "" }, "unreadable", 202],
            [ok({ something: "else" }), "unreadable", 200],
            [{ status: 200, body: "<html>sign in</html>" }, "unreadable", 200],
            [new TypeError("Failed to fetch"), "network", undefined],
        ];
        for (const [answer, kind, status] of cases) {
            const outcome = await transportWith(fakeFetch(answer))({ action: "status", run_id: "1" });
            expect([answer, outcome.ok ? "ok" : outcome.failure.kind, outcome.ok ? 0 : outcome.failure.status]).toEqual(
                [answer, kind, status],
            );
        }
    });
});

describe("without a token nothing is sent", () => {
    test.each([
        ["no hook", undefined, "getAccessToken is not set."],
        ["an empty token", () => "  ", "getAccessToken gave no token."],
        ["a hook that is not a function", "token" as unknown as AccessTokenHook, "getAccessToken is not set."],
        [
            "a hook that throws",
            () => Promise.reject(new Error("interaction_required: AADSTS50076")),
            "getAccessToken failed: Error: interaction_required: AADSTS50076",
        ],
    ])("%s: signInNeeded", async (_name, hook, detail) => {
        const fake = fakeFetch(ok({ run: "" }));
        const transport = createLogicAppTransport({
            endpoint: ENDPOINT,
            getAccessToken: () => hook,
            fetch: fake.fetchFn,
        });
        const outcome = await transport({ action: "describe", job_id: "11" });
        expect(outcome).toEqual({ ok: false, failure: { kind: "signInNeeded", detail } });
        expect(fake.sent).toEqual([]);
    });
});

describe("checkEndpoint", () => {
    test("https anywhere, http only on loopback", () => {
        expect(checkEndpoint(` ${ENDPOINT} `)).toBe(ENDPOINT);
        expect(checkEndpoint("http://127.0.0.1:7071/workflows/w/triggers/manual/paths/invoke")).toBe(
            "http://127.0.0.1:7071/workflows/w/triggers/manual/paths/invoke",
        );
        expect(checkEndpoint("http://localhost:8080/x")).toBe("http://localhost:8080/x");
        expect(checkEndpoint("http://[::1]:8080/x")).toBe("http://[::1]:8080/x");
    });

    test.each([
        "http://prod-07.westeurope.logic.azure.com/workflows/w/triggers/manual/paths/invoke",
        "http://127.0.0.1.example.com/x",
        "http://10.0.0.5/x",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "/workflows/w/triggers/manual/paths/invoke",
        "",
        null,
    ])("refuses %p", (endpoint) => {
        expect(checkEndpoint(endpoint)).toBeUndefined();
    });
});
