import { ACTION_TYPES, ActionDefinition, WorkflowDefinitionError } from "../../../tools/standIns/workflowEngine";
import { runActions, scriptedConnector, statuses } from "./support";

const ok = (body: unknown = {}) => ({ statusCode: 200, body: body as never });
const call = (
    operationId: string,
    extra: Partial<ActionDefinition> = {},
    parameters: Record<string, unknown> = {},
): ActionDefinition => ({
    type: "OpenApiConnection",
    inputs: { host: { operationId }, parameters },
    ...extra,
});
const after = (name: string, ...statuses: string[]) => ({ [name]: statuses });
const compose = (value: unknown, runAfter?: Record<string, string[]>): ActionDefinition => ({
    type: "Compose",
    inputs: value,
    ...(runAfter ? { runAfter } : {}),
});
const initialize = (
    name: string,
    type: string,
    value?: unknown,
    runAfter?: Record<string, string[]>,
): ActionDefinition => ({
    type: "InitializeVariable",
    inputs: { variables: [{ name, type, ...(value === undefined ? {} : { value }) }] },
    ...(runAfter ? { runAfter } : {}),
});
const set = (name: string, value: unknown, runAfter: Record<string, string[]>): ActionDefinition => ({
    type: "SetVariable",
    inputs: { name, value },
    runAfter,
});

test("the engine runs these action types, and no others", () => {
    expect(ACTION_TYPES).toEqual([
        "ApiConnection",
        "Compose",
        "Foreach",
        "If",
        "InitializeVariable",
        "OpenApiConnection",
        "Query",
        "Response",
        "Scope",
        "SetVariable",
        "Switch",
        "Terminate",
        "Until",
        "Wait",
    ]);
});

describe("Compose", () => {
    test("its outputs are its inputs, evaluated, for outputs() to read", () => {
        const run = runActions({
            Rules: compose({ a: "@add(1, 1)", b: ["@{'x'}"] }),
            Read: compose("@outputs('Rules')?['a']", after("Rules", "Succeeded")),
        });
        expect(run.results.get("Rules")).toEqual({ name: "Rules", status: "Succeeded", outputs: { a: 2, b: ["x"] } });
        expect(run.results.get("Read")?.outputs).toBe(2);
    });
});

describe("Query (Filter array)", () => {
    const query = (from: unknown, where: unknown, runAfter?: Record<string, string[]>): ActionDefinition => ({
        type: "Query",
        inputs: { from, where },
        ...(runAfter ? { runAfter } : {}),
    });

    test("keeps the items for which where is true, item() being the item, as its body", () => {
        const run = runActions({
            Ids: compose(["12", 34, "x5", "678"]),
            Not_digits: query("@outputs('Ids')", "@not(equals(string(item()), item()))", after("Ids", "Succeeded")),
            Long: query("@outputs('Ids')", "@greater(length(string(item())), 2)", after("Ids", "Succeeded")),
            Read: compose("@body('Long')", after("Long", "Succeeded")),
        });
        expect(run.results.get("Not_digits")?.outputs).toEqual({ body: [34] });
        expect(run.results.get("Read")?.outputs).toEqual(["678"]);
    });

    test("a from that is not an array, or a where that is not true or false, fails the action with InvalidTemplate", () => {
        const run = runActions({
            Object: query("@json('{\"a\": 1}')", "@true"),
            Text_where: query("@createArray(1)", "@string(item())"),
        });
        expect(statuses(run)).toEqual({ Object: "Failed", Text_where: "Failed" });
        expect(run.results.get("Object")?.error?.message).toMatch(
            /'from' property value of a Query is of type object; it must be an array/,
        );
        expect(run.results.get("Text_where")?.error?.message).toMatch(/a Query's where gave "1"/);
    });

    test("item() outside a Query fails its action; a where that is no expression stops the run", () => {
        expect(runActions({ Read: compose("@item()") }).results.get("Read")?.error?.message).toMatch(
            /item\(\) outside the items of a Query/,
        );
        expect(() => runActions({ Bad: query("@createArray(1)", true) })).toThrow(WorkflowDefinitionError);
    });
});

describe("InitializeVariable and SetVariable", () => {
    test("a variable has the type it was declared with, and the value it was last set to", () => {
        const run = runActions({
            Count: initialize("Count", "integer", 1),
            Names: initialize("Names", "array", ["a"], after("Count", "Succeeded")),
            Bump: set("Count", "@add(variables('Count'), 1)", after("Names", "Succeeded")),
            Append: set("Names", "@createArray(first(variables('Names')), 'b')", after("Bump", "Succeeded")),
        });
        expect(Object.fromEntries(run.variables)).toEqual({ Count: 2, Names: ["a", "b"] });
        expect(statuses(run)).toEqual({
            Count: "Succeeded",
            Names: "Succeeded",
            Bump: "Succeeded",
            Append: "Succeeded",
        });
    });

    test("a value of another type, a second initialization and an uninitialized variable fail the action with InvalidTemplate", () => {
        const run = runActions({
            Count: initialize("Count", "integer", 1),
            Half: set("Count", 1.5, after("Count", "Succeeded")),
            Again: initialize("Count", "integer", 2, after("Half", "Failed")),
            Unknown: set("Missing", 1, after("Again", "Failed")),
        });
        expect(statuses(run)).toEqual({ Count: "Succeeded", Half: "Failed", Again: "Failed", Unknown: "Failed" });
        expect(run.results.get("Half")?.error).toEqual({
            code: "InvalidTemplate",
            message:
                "Unable to process template language expressions in action 'Half': variable Count of type integer cannot hold 1.5",
        });
        expect(run.results.get("Again")?.error?.message).toContain("variable Count is initialized twice");
        expect(run.results.get("Unknown")?.error?.message).toContain("variable Missing is not initialized");
        expect(run.variables.get("Count")).toBe(1);
    });

    test.each([
        [
            "a type it does not know",
            initialize("Count", "number", 1),
            "inputs.variables[0].type must be one of string, integer, float, boolean, object, array",
        ],
        [
            "two variables at once",
            {
                type: "InitializeVariable",
                inputs: {
                    variables: [
                        { name: "A", type: "string" },
                        { name: "B", type: "string" },
                    ],
                },
            },
            "inputs.variables must be a list of one variable",
        ],
        [
            "no name",
            { type: "InitializeVariable", inputs: { variables: [{ type: "string" }] } },
            "inputs.variables[0].name must be a non-empty string",
        ],
        ["no inputs", { type: "SetVariable" }, "inputs must be an object"],
    ])("%s is a definition error naming the action", (_case, action, problem) => {
        expect(() => runActions({ Declare: action as ActionDefinition })).toThrow(
            new WorkflowDefinitionError({ name: "Declare", pointer: "/actions/Declare" }, problem),
        );
    });
});

describe("Wait", () => {
    test("moves the clock by its seconds", () => {
        const run = runActions(
            {
                Before: compose("@utcNow()"),
                Delay: {
                    type: "Wait",
                    inputs: { interval: { count: "@add(1, 1)", unit: "Second" } },
                    runAfter: after("Before", "Succeeded"),
                },
                After: compose("@utcNow()", after("Delay", "Succeeded")),
            },
            { startAt: new Date("2026-03-01T00:00:00Z") },
        );
        expect([run.results.get("Before")?.outputs, run.results.get("After")?.outputs]).toEqual([
            "2026-03-01T00:00:00.000Z",
            "2026-03-01T00:00:02.000Z",
        ]);
    });

    test.each([[{ count: 0, unit: "Second" }], [{ count: 1.5, unit: "Second" }], [{ count: 1, unit: "Minute" }]])(
        "fails for %j",
        (interval) => {
            const run = runActions({ Delay: { type: "Wait", inputs: { interval } } });
            expect(run.results.get("Delay")?.error?.message).toBe(
                `Unable to process template language expressions in action 'Delay': a Wait of ${JSON.stringify(interval)}`,
            );
        },
    );
});

describe("OpenApiConnection", () => {
    test("calls the operation with its evaluated parameters; its outputs are the status, headers and body", () => {
        const calls: unknown[] = [];
        const run = runActions(
            {
                Get_run: call("GetRun", {}, { run_id: "@int('7')", "body/x": "@{'y'}" }),
                Read: compose("@body('Get_run')?['state']", after("Get_run", "Succeeded")),
            },
            {
                connector: (operationId, parameters, connectorCall) => (
                    calls.push([operationId, parameters, connectorCall.at]),
                    ok({ state: "RUNNING" })
                ),
            },
        );
        expect(calls).toEqual([["GetRun", { run_id: 7, "body/x": "y" }, 0]]);
        expect(run.results.get("Get_run")).toEqual({
            name: "Get_run",
            status: "Succeeded",
            outputs: { statusCode: 200, headers: {}, body: { state: "RUNNING" } },
            code: "OK",
        });
        expect(run.results.get("Read")?.outputs).toBe("RUNNING");
    });

    test("an answer outside 2xx fails the action with Http<status>, its body kept for body()", () => {
        const run = runActions(
            { Get_run: call("GetRun") },
            {
                connector: scriptedConnector({
                    GetRun: [{ statusCode: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST" } }],
                }),
            },
        );
        expect(run.results.get("Get_run")).toMatchObject({
            status: "Failed",
            code: "Http404",
            outputs: { statusCode: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST" } },
        });
    });

    test("408, 429 and 5xx are retried as the policy says, after its interval; 4xx is not", () => {
        const policy = {
            inputs: { host: { operationId: "GetRun" }, retryPolicy: { type: "fixed", count: 2, interval: "PT3S" } },
        };
        const flaky = runActions(
            { Get_run: call("GetRun", policy) },
            {
                connector: scriptedConnector({
                    GetRun: [{ statusCode: 503, body: "" }, { statusCode: 429, body: "" }, ok()],
                }),
            },
        );
        expect(flaky.calls.map((attempt) => attempt.at)).toEqual([0, 4, 8]);
        expect(flaky.results.get("Get_run")?.status).toBe("Succeeded");
        const down = runActions(
            { Get_run: call("GetRun", policy) },
            { connector: scriptedConnector({ GetRun: [{ statusCode: 500, body: "" }] }) },
        );
        expect([down.calls.length, down.results.get("Get_run")?.code]).toEqual([3, "Http500"]);
        const refused = runActions(
            { Get_run: call("GetRun", policy) },
            { connector: scriptedConnector({ GetRun: [{ statusCode: 400, body: "" }, ok()] }) },
        );
        expect(refused.calls).toHaveLength(1);
    });

    test("the default policy is Microsoft's exponential one (PT7S, four retries, PT5S to PT1H), each wait the middle of its range; none does not retry", () => {
        const down = scriptedConnector({ GetRun: [{ statusCode: 408, body: "" }] });
        const times = (retryPolicy?: unknown) =>
            runActions(
                { Get_run: call("GetRun", { inputs: { host: { operationId: "GetRun" }, retryPolicy } }) },
                { connector: down, latencySeconds: 0 },
            ).calls.map((attempt) => attempt.at);
        // Waits of 6 (from 5-7), 10.5 (7-14), 21 (14-28) and 42 (28-56) seconds.
        expect(times()).toEqual([0, 6, 16.5, 37.5, 79.5]);
        expect(times({ type: "default" })).toEqual(times());
        const once = runActions(
            { Get_run: call("GetRun", { inputs: { host: { operationId: "GetRun" }, retryPolicy: { type: "none" } } }) },
            { connector: down },
        );
        expect(once.calls).toHaveLength(1);
    });

    test("a connector that gives no HTTP answer fails the action with ConnectionFailure", () => {
        const run = runActions(
            { Get_run: call("GetRun") },
            { connector: scriptedConnector({ GetRun: [new Error("connection refused")] }) },
        );
        expect(run.results.get("Get_run")).toEqual({
            name: "Get_run",
            status: "Failed",
            code: "ConnectionFailure",
            error: { code: "ConnectionFailure", message: "connection refused" },
        });
    });

    test("calls and retries that outlast limit.timeout end the action TimedOut", () => {
        const slow = runActions(
            { Get_run: call("GetRun", { limit: { timeout: "PT5S" } }) },
            { connector: scriptedConnector({ GetRun: [ok()] }), latencySeconds: 6 },
        );
        expect(slow.results.get("Get_run")).toMatchObject({ status: "TimedOut", code: "ActionTimedOut" });
        const retried = runActions(
            {
                Get_run: call("GetRun", {
                    inputs: {
                        host: { operationId: "GetRun" },
                        retryPolicy: { type: "fixed", count: 4, interval: "PT7S" },
                    },
                    limit: { timeout: "PT1M" },
                }),
            },
            { connector: scriptedConnector({ GetRun: [{ statusCode: 503, body: "" }] }), latencySeconds: 10 },
        );
        expect([retried.calls.length, retried.results.get("Get_run")?.status]).toEqual([4, "TimedOut"]);
        const quick = runActions(
            { Get_run: call("GetRun", { limit: { timeout: "PT1M30S" } }) },
            { connector: scriptedConnector({ GetRun: [ok()] }), latencySeconds: 60 },
        );
        expect(quick.results.get("Get_run")?.status).toBe("Succeeded");
    });

    test.each([
        [{ type: "OpenApiConnection", inputs: { host: {} } }, "inputs.host.operationId must be a non-empty string"],
        [{ type: "OpenApiConnection", inputs: { parameters: {} } }, "inputs.host must be an object"],
        [
            {
                type: "OpenApiConnection",
                inputs: { host: { operationId: "GetRun" }, retryPolicy: { type: "fixed", interval: "7 seconds" } },
            },
            'inputs.retryPolicy.interval must be a duration such as PT7S or PT1M, not "7 seconds"',
        ],
        [
            {
                type: "OpenApiConnection",
                inputs: { host: { operationId: "GetRun" }, retryPolicy: { type: "fixed", count: "2" } },
            },
            "inputs.retryPolicy.count must be a whole number",
        ],
        [
            { type: "OpenApiConnection", inputs: { host: { operationId: "GetRun" } }, limit: { timeout: "PT" } },
            'limit.timeout must be a duration such as PT7S or PT1M, not "PT"',
        ],
    ])("%j is a definition error naming the action", (action, problem) => {
        expect(() => runActions({ Get_run: action as ActionDefinition })).toThrow(
            new WorkflowDefinitionError({ name: "Get_run", pointer: "/actions/Get_run" }, problem),
        );
    });
});

describe("Response", () => {
    test("answers once, with its evaluated status code, headers and body, at the time it ran", () => {
        const run = runActions(
            {
                Get_run: call("GetRun"),
                Respond: {
                    type: "Response",
                    inputs: {
                        statusCode: "@if(true, 202, 500)",
                        headers: { "x-run": "@{body('Get_run')?['run_id']}" },
                        body: { id: "@body('Get_run')?['run_id']" },
                    },
                    runAfter: after("Get_run", "Succeeded"),
                },
                Again: { type: "Response", inputs: { statusCode: 200 }, runAfter: after("Respond", "Succeeded") },
            },
            { connector: scriptedConnector({ GetRun: [ok({ run_id: 5 })] }), latencySeconds: 2 },
        );
        expect(run.response).toEqual({ statusCode: 202, headers: { "x-run": "5" }, body: { id: 5 } });
        expect(run.responseAtSeconds).toBe(2);
        expect(run.results.get("Again")?.error?.message).toContain("a second Response");
    });

    test("a status code that is not an HTTP status fails the action; a missing one is a definition error", () => {
        const run = runActions({ Respond: { type: "Response", inputs: { statusCode: "@'OK'" } } });
        expect(run.results.get("Respond")?.error?.message).toContain(`a Response's statusCode of "OK"`);
        expect(run.response).toBeUndefined();
        expect(() => runActions({ Respond: { type: "Response", inputs: {} } })).toThrow(
            "action 'Respond' (/actions/Respond): inputs.statusCode is missing",
        );
    });
});

describe("runAfter", () => {
    test("an action runs after its predecessors, whatever the order of the definition's keys", () => {
        const run = runActions({
            Third: compose("@outputs('Second')", after("Second", "Succeeded")),
            Second: compose("@add(outputs('First'), 1)", after("First", "Succeeded")),
            First: compose(1),
        });
        expect([...run.results.keys()]).toEqual(["First", "Second", "Third"]);
        expect(run.results.get("Third")?.outputs).toBe(2);
    });

    test("after a Failed action: what runs after Failed runs, what runs after Succeeded is Skipped, and so is what follows it", () => {
        const run = runActions({
            Broken: compose("@div(1, 0)"),
            On_failure: compose("handled", after("Broken", "Failed")),
            On_success: compose("next", after("Broken", "Succeeded")),
            After_skipped: compose("never", after("On_success", "Succeeded")),
            Catch_skipped: compose("caught", after("On_success", "Skipped")),
            Either: compose("both ended", { On_failure: ["Succeeded"], Catch_skipped: ["Succeeded"] }),
        });
        expect(statuses(run)).toEqual({
            Broken: "Failed",
            On_failure: "Succeeded",
            On_success: "Skipped",
            After_skipped: "Skipped",
            Catch_skipped: "Succeeded",
            Either: "Succeeded",
        });
    });

    test("after a TimedOut action: what runs after TimedOut runs, what runs after Failed alone is Skipped", () => {
        const run = runActions(
            {
                Slow: call("GetRun", { limit: { timeout: "PT1S" } }),
                On_timeout: compose("late", after("Slow", "Failed", "TimedOut")),
                On_failure: compose("failed", after("Slow", "Failed")),
            },
            { connector: scriptedConnector({ GetRun: [ok()] }), latencySeconds: 2 },
        );
        expect(statuses(run)).toEqual({ Slow: "TimedOut", On_timeout: "Succeeded", On_failure: "Skipped" });
    });

    test("a cycle, an unknown predecessor or an unknown status stops the run with a definition error", () => {
        expect(() =>
            runActions({ A: compose(1, after("B", "Succeeded")), B: compose(2, after("A", "Succeeded")) }),
        ).toThrow(new WorkflowDefinitionError("/actions", "runAfter cycle or unknown predecessor among A, B"));
        expect(() => runActions({ A: compose(1, after("Gone", "Succeeded")) })).toThrow(
            "runAfter cycle or unknown predecessor among A",
        );
        expect(() => runActions({ A: compose(1), B: compose(2, after("A", "Succeded")) })).toThrow(
            "action 'B' (/actions/B): runAfter must map each predecessor to a list of Succeeded, Failed, Skipped, TimedOut",
        );
    });
});

describe("Scope, If and Until", () => {
    test("a Scope runs its actions and fails when one of them failed, not when one was skipped", () => {
        const run = runActions({
            Fine: { type: "Scope", actions: { A: compose(1), B: compose(2, after("A", "Failed")) } },
            Broken: { type: "Scope", actions: { C: compose("@div(1, 0)") }, runAfter: after("Fine", "Succeeded") },
        });
        expect(statuses(run)).toEqual({
            A: "Succeeded",
            B: "Skipped",
            Fine: "Succeeded",
            C: "Failed",
            Broken: "Failed",
        });
    });

    test("a Scope fails when one of its actions timed out", () => {
        const run = runActions(
            { Group: { type: "Scope", actions: { Slow: call("GetRun", { limit: { timeout: "PT1S" } }) } } },
            { connector: scriptedConnector({ GetRun: [ok()] }), latencySeconds: 2 },
        );
        expect(statuses(run)).toEqual({ Slow: "TimedOut", Group: "Failed" });
    });

    test("an If runs its actions or its else branch, with a condition written as an expression or in the designer's object form", () => {
        const branch = (expression: unknown) => {
            const run = runActions({
                Check: { type: "If", expression, actions: { Yes: compose(1) }, else: { actions: { No: compose(2) } } },
            });
            return run.results.has("Yes") ? "yes" : run.results.has("No") ? "no" : "none";
        };
        expect(branch("@greater(2, 1)")).toBe("yes");
        expect(branch("@less(2, 1)")).toBe("no");
        expect(branch({ and: [{ equals: ["@add(1, 1)", 2] }, { not: { equals: ["@{'a'}", "b"] } }] })).toBe("yes");
        expect(branch({ or: [{ greater: [1, 2] }, { lessOrEquals: [3, 2] }] })).toBe("no");
        expect(branch({ contains: ["@createArray('x')", "x"] })).toBe("yes");
        expect(branch({ startsWith: ["Databricks", "Data"] })).toBe("yes");
        expect(
            runActions({ Check: { type: "If", expression: "@false", actions: { Yes: compose(1) } } }).results.get(
                "Check",
            )?.status,
        ).toBe("Succeeded");
    });

    test("an If whose condition is not a boolean, or uses an operator no designer writes, fails; a malformed condition is a definition error", () => {
        const failed = (expression: unknown) =>
            runActions({ Check: { type: "If", expression, actions: {} } }).results.get("Check")?.error?.message;
        expect(failed("@variables('Missing')")).toContain("variables('Missing') is not initialized");
        expect(failed("@add(1, 1)")).toContain("a condition gave 2");
        expect(failed({ matches: ["a", "a"] })).toContain("condition operator matches is not modelled");
        expect(failed({ equals: [1] })).toContain("equals() takes 2 arguments, got 1");
        expect(() =>
            runActions({ Check: { type: "If", expression: { equals: [1, 1], less: [1, 2] }, actions: {} } }),
        ).toThrow("action 'Check' (/actions/Check): a condition must be an expression or an object of one operator");
        expect(() =>
            runActions({ Check: { type: "If", expression: { and: { equals: [1, 1] } }, actions: {} } }),
        ).toThrow("the condition operator and needs a list");
    });

    test("an Until runs its actions until its condition holds, at most limit.count times; its actions' results are the last iteration's", () => {
        const loop = (expression: string, limit?: { count: number }) =>
            runActions({
                Count: initialize("Count", "integer", 0),
                Loop: {
                    type: "Until",
                    expression,
                    ...(limit ? { limit } : {}),
                    actions: {
                        Bump: set("Count", "@add(variables('Count'), 1)", {}),
                        Check: compose("@variables('Count')", after("Bump", "Succeeded")),
                    },
                    runAfter: after("Count", "Succeeded"),
                },
            });
        const done = loop("@equals(variables('Count'), 3)");
        expect([
            done.variables.get("Count"),
            done.results.get("Check")?.outputs,
            done.results.get("Loop")?.status,
        ]).toEqual([3, 3, "Succeeded"]);
        expect(loop("@equals(variables('Count'), 100)", { count: 5 }).variables.get("Count")).toBe(5);
        expect(loop("@equals(variables('Count'), 100)").variables.get("Count")).toBe(60);
        expect(() => loop("@true", { count: 0 })).toThrow(
            "action 'Loop' (/actions/Loop): limit.count must be a whole number of at least 1",
        );
    });

    test("an Until fails when an action of its last iteration failed", () => {
        const run = runActions({
            Loop: { type: "Until", expression: "@true", actions: { Broken: compose("@div(1, 0)") } },
        });
        expect(statuses(run)).toEqual({ Broken: "Failed", Loop: "Failed" });
    });
});

describe("what the engine cannot run", () => {
    test("an unknown action type stops the run with an error that names the action, where it is, and the types the engine runs", () => {
        const foreach = { type: "Http", inputs: { method: "GET", uri: "https://example.com" } } as ActionDefinition;
        const run = () =>
            runActions({
                Outer: {
                    type: "Scope",
                    actions: {
                        Inner: { type: "If", expression: "@false", actions: {}, else: { actions: { Each: foreach } } },
                    },
                },
            });
        expect(run).toThrow(
            new WorkflowDefinitionError(
                { name: "Each", pointer: "/actions/Outer/actions/Inner/else/actions/Each" },
                `type Http is not one this engine runs (${ACTION_TYPES.join(", ")})`,
            ),
        );
        expect(run).toThrow(
            "action 'Each' (/actions/Outer/actions/Inner/else/actions/Each): type Http is not one this engine runs (ApiConnection, Compose, Foreach, If, InitializeVariable,",
        );
    });

    test("actions that are not objects with a type", () => {
        expect(() => runActions({ Bad: "Compose" as unknown as ActionDefinition })).toThrow(
            `action 'Bad' (/actions/Bad): an action must be an object with a "type"`,
        );
        expect(() =>
            runActions({ Group: { type: "Scope", actions: [] as unknown as Record<string, ActionDefinition> } }),
        ).toThrow("/actions/Group/actions: the actions must be an object of actions by name");
    });
});
