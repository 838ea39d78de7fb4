import { createFlowTransport, readTokenPage, type PortalShell } from "../../portal/src/transport";

const FLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";
const TOKEN_PAGE = '<input name="__RequestVerificationToken" type="hidden" value="token-A" />';

interface Sent {
    url: string;
    init: RequestInit;
}

/** A fetch that answers each path with the next of its scripted answers (the last one repeats). */
function fakeFetch(answers: Record<string, Array<{ status: number; body: string } | Error>>) {
    const sent: Sent[] = [];
    const served: Record<string, number> = {};
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        sent.push({ url, init: init ?? {} });
        const path = Object.keys(answers).find((key) => url.endsWith(key));
        if (path === undefined) throw new Error(`no answer for ${url}`);
        const list = answers[path];
        const answer = list[Math.min(served[path] ?? 0, list.length - 1)];
        served[path] = (served[path] ?? 0) + 1;
        if (answer instanceof Error) throw answer;
        return new Response(answer.body, { status: answer.status });
    }) as typeof fetch;
    const posts = () => sent.filter((s) => s.init.method === "POST");
    const tokenFetches = () => sent.filter((s) => s.url.endsWith("/_layout/tokenhtml")).length;
    return { fetchFn, sent, posts, tokenFetches };
}

const TRIGGER = `/_api/cloudflow/v1.0/trigger/${FLOW_ID}`;
const ok = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

describe("the request", () => {
    test("POSTs eventData with the five inputs, the token and X-Requested-With, same-origin", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [ok({ run: "" })],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        await transport({ action: "start", job_id: "11", parameters: '{"a":"1"}', idempotency_token: "t-1" });
        const [post] = fake.posts();
        expect(post.url).toBe(TRIGGER);
        expect(post.init).toMatchObject({
            method: "POST",
            credentials: "same-origin",
            headers: {
                "Content-Type": "application/json",
                __RequestVerificationToken: "token-A",
                "X-Requested-With": "XMLHttpRequest",
            },
        });
        const body = JSON.parse(String(post.init.body)) as { eventData: string };
        expect(Object.keys(body)).toEqual(["eventData"]);
        expect(JSON.parse(body.eventData)).toEqual({
            action: "start",
            job_id: "11",
            parameters: '{"a":"1"}',
            run_id: "",
            idempotency_token: "t-1",
        });
    });

    test("fetches the token once for many calls", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [ok({ run: "" })],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        await transport({ action: "status", run_id: "1" });
        await transport({ action: "status", run_id: "1" });
        expect(fake.tokenFetches()).toBe(1);
        expect(fake.posts()).toHaveLength(2);
    });

    test("takes the token from shell.getTokenDeferred() when the page has it", async () => {
        const fake = fakeFetch({ [TRIGGER]: [ok({ job: "{}" })] });
        const shell: PortalShell = { getTokenDeferred: () => Promise.resolve("token-from-shell") };
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn, shell: () => shell });
        await transport({ action: "describe", job_id: "11" });
        expect(fake.tokenFetches()).toBe(0);
        expect((fake.posts()[0].init.headers as Record<string, string>).__RequestVerificationToken).toBe(
            "token-from-shell",
        );
    });

    test("a 403 fetches the token again and sends once more; a second 403 is forbidden", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [
                { status: 200, body: TOKEN_PAGE },
                { status: 200, body: TOKEN_PAGE.replace("token-A", "token-B") },
            ],
            [TRIGGER]: [{ status: 403, body: '{"error":{"code":"403","message":"Forbidden"}}' }],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        const outcome = await transport({ action: "start", job_id: "11" });
        expect(outcome).toEqual({
            ok: false,
            failure: { kind: "forbidden", status: 403, detail: "HTTP 403: Forbidden" },
        });
        expect(fake.posts().map((p) => (p.init.headers as Record<string, string>).__RequestVerificationToken)).toEqual([
            "token-A",
            "token-B",
        ]);
    });

    test("a 403 answered by a fresh token goes through", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [{ status: 403, body: "" }, ok({ run: '{"run_id": 5}' })],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        expect(await transport({ action: "start", job_id: "11" })).toMatchObject({
            ok: true,
            reply: { run: '{"run_id": 5}' },
        });
        expect(fake.posts()).toHaveLength(2);
    });
});

describe("the reply", () => {
    test("keys are read case-insensitively; missing ones are empty; non-text values become JSON", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [ok({ RUN: "", Job: { name: "x" }, Error: "Denied", CODE: "not_allowed" })],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        expect(await transport({ action: "describe", job_id: "11" })).toEqual({
            ok: true,
            reply: { run: "", job: '{"name":"x"}', error: "Denied", code: "not_allowed" },
        });
    });

    test.each([
        {
            what: "the masked 500",
            answer: { status: 500, body: '{"error":{"code":"500","message":"An error has occurred."}}' },
            kind: "serverError",
        },
        { what: "a 404", answer: { status: 404, body: "Not found" }, kind: "status" },
        { what: "a 202 without a reply", answer: { status: 202, body: "" }, kind: "unreadable" },
        { what: "a 200 that is not JSON", answer: { status: 200, body: "<html>Sign in</html>" }, kind: "unreadable" },
        {
            what: "a 200 that is not the flow's reply",
            answer: { status: 200, body: '{"value": []}' },
            kind: "unreadable",
        },
    ])("$what: a $kind failure, sent once", async ({ answer, kind }) => {
        const fake = fakeFetch({ "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }], [TRIGGER]: [answer] });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        const outcome = await transport({ action: "start", job_id: "11" });
        expect(outcome).toMatchObject({ ok: false, failure: { kind } });
        expect(fake.posts()).toHaveLength(1);
    });

    test("no answer at all is a network failure, and a start is not sent again", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [new TypeError("Failed to fetch")],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        expect(await transport({ action: "start", job_id: "11" })).toMatchObject({
            ok: false,
            failure: { kind: "network" },
        });
        expect(fake.posts()).toHaveLength(1);
    });

    test("a token page that cannot be fetched is the call's failure; the next call fetches it again", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [new TypeError("offline"), { status: 200, body: TOKEN_PAGE }],
            [TRIGGER]: [ok({ run: "" })],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        expect(await transport({ action: "status", run_id: "1" })).toMatchObject({
            ok: false,
            failure: { kind: "network" },
        });
        expect(await transport({ action: "status", run_id: "1" })).toMatchObject({ ok: true });
        expect(fake.tokenFetches()).toBe(2);
    });

    test("a token page without the token input is unreadable, and nothing is posted", async () => {
        const fake = fakeFetch({
            "/_layout/tokenhtml": [{ status: 200, body: "<p>Maintenance</p>" }],
            [TRIGGER]: [ok({})],
        });
        const transport = createFlowTransport({ flowId: FLOW_ID, fetch: fake.fetchFn });
        expect(await transport({ action: "describe", job_id: "11" })).toMatchObject({
            ok: false,
            failure: { kind: "unreadable" },
        });
        expect(fake.posts()).toHaveLength(0);
    });
});

describe("readTokenPage", () => {
    test.each([
        ['<input name="__RequestVerificationToken" type="hidden" value="abc" />', "abc"],
        ["<INPUT type='hidden' value='a&#43;b&amp;c=' NAME='__RequestVerificationToken'>", "a+b&c="],
        ['<input name="other" value="no"/><input value="yes" name="__RequestVerificationToken"/>', "yes"],
        ['<input name="__RequestVerificationTokenX" value="no"/>', undefined],
        ['<input name="__RequestVerificationToken" value=""/>', undefined],
        ['<div value="no">__RequestVerificationToken</div>', undefined],
    ])("%s → %s", (html, token) => {
        expect(readTokenPage(html)).toBe(token);
    });
});
