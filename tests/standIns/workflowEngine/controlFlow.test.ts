import { ActionDefinition, WorkflowDefinitionError } from "../../../tools/standIns/workflowEngine";
import { runActions, scriptedConnector, statuses } from "./support";

/** Switch, Foreach and Terminate, exponential retries, and the status a run ends with. */

const compose = (value: unknown, runAfter?: Record<string, string[]>): ActionDefinition => ({
    type: "Compose",
    inputs: value,
    ...(runAfter ? { runAfter } : {}),
});
const after = (name: string, ...list: string[]) => ({ [name]: list });
const initialize = (name: string, type: string, value: unknown): ActionDefinition => ({
    type: "InitializeVariable",
    inputs: { variables: [{ name, type, value }] },
});
const terminate = (runStatus: string, runAfter?: Record<string, string[]>, runError?: unknown): ActionDefinition => ({
    type: "Terminate",
    inputs: { runStatus, ...(runError === undefined ? {} : { runError }) },
    ...(runAfter ? { runAfter } : {}),
});

describe("Switch", () => {
    const switchOn = (expression: unknown, cases: Record<string, unknown>, extra: Partial<ActionDefinition> = {}) =>
        runActions({
            Route: {
                type: "Switch",
                expression,
                cases: cases as ActionDefinition["cases"],
                default: { actions: { Otherwise: compose("default") } },
                ...extra,
            },
        });
    const twoCases = {
        Start: { case: "start", actions: { Starting: compose("start") } },
        Two: { case: 2, actions: { Second: compose("two") } },
    };

    test("runs the actions of the case whose value equals the expression's, else the default actions", () => {
        expect(statuses(switchOn("@concat('st', 'op')", twoCases))).toEqual({
            Otherwise: "Succeeded",
            Route: "Succeeded",
        });
        expect(Object.keys(statuses(switchOn("@concat('st', 'art')", twoCases)))).toEqual(["Starting", "Route"]);
        expect(Object.keys(statuses(switchOn("@add(1, 1)", twoCases)))).toEqual(["Second", "Route"]);
    });

    test("a case matches a value of its own type only: the text '2' is not the integer 2", () => {
        expect(Object.keys(statuses(switchOn("@string(2)", twoCases)))).toEqual(["Otherwise", "Route"]);
    });

    test("fails when an action of the branch it ran failed; a value that is not a string or an integer fails it", () => {
        const broken = switchOn("start", { Start: { case: "start", actions: { Broken: compose("@div(1, 0)") } } });
        expect(statuses(broken)).toEqual({ Broken: "Failed", Route: "Failed" });
        const object = switchOn("@json('{}')", twoCases);
        expect(object.results.get("Route")?.error?.message).toBe(
            "Unable to process template language expressions in action 'Route': a Switch's expression gave a object; it must give a string or an integer",
        );
        expect(switchOn("@json('1.5')", twoCases).results.get("Route")?.status).toBe("Failed");
    });

    test.each([
        [
            { A: { case: "@variables('x')", actions: {} } },
            "cases.A.case must be a constant string or number, not \"@variables('x')\"",
        ],
        [{ A: { case: true, actions: {} } }, "cases.A.case must be a constant string or number, not true"],
        [
            { A: { case: "x", actions: {} }, B: { case: "x", actions: {} } },
            'cases.B has the value "x" of cases.A: each case\'s value must be unique',
        ],
    ])("cases %j: a definition error naming the action", (cases, problem) => {
        expect(() => switchOn("x", cases)).toThrow(
            new WorkflowDefinitionError({ name: "Route", pointer: "/actions/Route" }, problem),
        );
    });
});

describe("Foreach", () => {
    test("runs its actions for each item in turn; item() and items('<name>') give the item, outer loops' included", () => {
        const run = runActions({
            Seen: initialize("Seen", "string", ""),
            Each_job: {
                type: "Foreach",
                foreach: "@createArray('a', 'b')",
                runtimeConfiguration: { concurrency: { repetitions: 20 } },
                actions: {
                    Each_run: {
                        type: "Foreach",
                        foreach: "@createArray(1, 2)",
                        actions: {
                            Note: {
                                type: "SetVariable",
                                inputs: { name: "Seen", value: "@{variables('Seen')}@{items('Each_job')}@{item()} " },
                            },
                        },
                    },
                },
                runAfter: after("Seen", "Succeeded"),
            },
        });
        expect(run.variables.get("Seen")).toBe("a1 a2 b1 b2 ");
        expect(statuses(run)).toMatchObject({ Each_job: "Succeeded", Each_run: "Succeeded", Note: "Succeeded" });
    });

    test("fails when an action failed in any iteration, not only the last; an array with no items runs nothing", () => {
        const run = runActions({
            Each: { type: "Foreach", foreach: "@createArray(0, 1)", actions: { Divide: compose("@div(1, item())") } },
            None: { type: "Foreach", foreach: "@createArray()", actions: { Never: compose(1) } },
        });
        expect(statuses(run)).toEqual({ Divide: "Succeeded", Each: "Failed", None: "Succeeded" });
    });

    test("a foreach that is not an array fails it; item() outside it fails again", () => {
        const run = runActions({
            Each: { type: "Foreach", foreach: "@json('{}')", actions: {} },
            After: compose("@item()", after("Each", "Failed")),
        });
        expect(run.results.get("Each")?.error?.message).toContain(
            "a Foreach's foreach gave a object; it must give an array",
        );
        expect(run.results.get("After")?.error?.message).toContain("item() outside the items of a Query or a Foreach");
    });

    test.each([
        [
            { foreach: "@createArray()", runtimeConfiguration: { concurrency: { repetitions: 51 } } },
            "runtimeConfiguration.concurrency.repetitions must be a whole number from 1 to 50",
        ],
        [
            { foreach: "@createArray()", operationOptions: "Parallel" },
            'operationOptions of a Foreach must be "Sequential" or left out',
        ],
        [{}, "foreach is missing"],
    ])("%j: a definition error", (fields, problem) => {
        expect(() => runActions({ Each: { type: "Foreach", actions: {}, ...fields } })).toThrow(
            new WorkflowDefinitionError({ name: "Each", pointer: "/actions/Each" }, problem),
        );
    });
});

describe("Terminate", () => {
    test("ends the run at once with its status and error: nothing after it runs, not even what runs after Skipped", () => {
        const run = runActions({
            Stop: terminate("Failed", undefined, {
                code: "NotAllowed",
                message: "@{concat('job ', '7')} is not allowed",
            }),
            Next: compose(1, after("Stop", "Succeeded")),
            Cleanup: compose(2, after("Next", "Skipped", "Failed", "Succeeded")),
        });
        expect(statuses(run)).toEqual({ Stop: "Succeeded", Next: "Skipped", Cleanup: "Skipped" });
        expect(run.status).toBe("Failed");
        expect(run.error).toEqual({ code: "NotAllowed", message: "job 7 is not allowed" });
        expect(run.terminated).toEqual({ action: "Stop", status: "Failed", error: run.error });
    });

    test("inside a Scope and an If, it stops the actions around it too; Cancelled and Succeeded end the run so", () => {
        const run = runActions({
            Outer: {
                type: "Scope",
                actions: {
                    Check: { type: "If", expression: "@true", actions: { Stop: terminate("Cancelled") } },
                    Inner_next: compose(1, after("Check", "Succeeded")),
                },
            },
            Outer_next: compose(2, after("Outer", "Succeeded", "Failed")),
        });
        expect(statuses(run)).toEqual({
            Stop: "Succeeded",
            Check: "Succeeded",
            Inner_next: "Skipped",
            Outer: "Succeeded",
            Outer_next: "Skipped",
        });
        expect([run.status, run.error]).toEqual(["Cancelled", undefined]);
        expect(
            runActions({ Done: terminate("Succeeded"), Failing: compose("@div(1, 0)", after("Done", "Succeeded")) })
                .status,
        ).toBe("Succeeded");
    });

    test.each([
        ["Until", { type: "Until", expression: "@true", actions: { Stop: terminate("Failed") } }],
        [
            "Foreach",
            {
                type: "Foreach",
                foreach: "@createArray(1)",
                actions: { Group: { type: "Scope", actions: { Stop: terminate("Failed") } } },
            },
        ],
    ])("inside a%s, it is a definition error (Microsoft's reference does not allow it there)", (type, loop) => {
        expect(() => runActions({ Loop: loop as ActionDefinition })).toThrow(
            `: a Terminate cannot be inside a Foreach or an Until; this one is inside the ${type} 'Loop'`,
        );
    });

    test.each([
        [{ runStatus: "Aborted" }, "inputs.runStatus must be one of Succeeded, Failed, Cancelled"],
        [{ runStatus: "Cancelled", runError: { code: "x" } }, "inputs.runError applies only to the runStatus Failed"],
    ])("%j: a definition error", (inputs, problem) => {
        expect(() => runActions({ Stop: { type: "Terminate", inputs } })).toThrow(
            new WorkflowDefinitionError({ name: "Stop", pointer: "/actions/Stop" }, problem),
        );
    });
});

describe("the run's status, when no Terminate ends it", () => {
    test("Succeeded when every branch ends well, failures handled by what runs after them included", () => {
        const run = runActions({
            Broken: compose("@div(1, 0)"),
            Handle: compose("handled", after("Broken", "Failed")),
            Last: compose("done", after("Handle", "Succeeded")),
        });
        expect([run.status, run.error]).toEqual(["Succeeded", undefined]);
    });

    test("Failed when a branch ends with a failure, or with an action skipped after one", () => {
        const unhandled = runActions({ Fine: compose(1), Broken: compose("@div(1, 0)") });
        expect(unhandled.status).toBe("Failed");
        expect(unhandled.error).toEqual({
            code: "ActionFailed",
            message: "An action failed. No dependent actions succeeded. (The branch that failed ends at Broken.)",
        });
        const skippedAfterFailure = runActions({
            Broken: compose("@div(1, 0)"),
            Next: compose(1, after("Broken", "Succeeded")),
        });
        expect([skippedAfterFailure.status, skippedAfterFailure.error?.message]).toEqual([
            "Failed",
            "An action failed. No dependent actions succeeded. (The branch that failed ends at Next.)",
        ]);
        const skippedAfterSuccess = runActions({ Fine: compose(1), On_failure: compose(2, after("Fine", "Failed")) });
        expect(skippedAfterSuccess.status).toBe("Succeeded");
    });
});

describe("runAfter statuses", () => {
    test("Cancelled is not one Microsoft documents for runAfter: a definition error that says so", () => {
        expect(() => runActions({ A: compose(1), B: compose(2, after("A", "Cancelled")) })).toThrow(
            "action 'B' (/actions/B): runAfter must map each predecessor to a list of Succeeded, Failed, Skipped, TimedOut (Cancelled is not a status runAfter can name)",
        );
    });
});

describe("exponential retry policies", () => {
    const retried = (retryPolicy: unknown) =>
        runActions(
            { Get_run: { type: "OpenApiConnection", inputs: { host: { operationId: "GetRun" }, retryPolicy } } },
            { connector: scriptedConnector({ GetRun: [{ statusCode: 503, body: "" }] }), latencySeconds: 0 },
        ).calls.map((attempt) => attempt.at);

    test("each wait is the middle of the documented range for its retry, within minimumInterval and maximumInterval", () => {
        // interval 10 s, minimum 5 s (default): ranges 5-10, 10-20, 20-40, 40-80 → waits 7.5, 15, 30, 60.
        expect(retried({ type: "exponential", count: 4, interval: "PT10S" })).toEqual([0, 7.5, 22.5, 52.5, 112.5]);
        // maximum 25 s: ranges 5-10, 10-20, 20-25, 25 (40 capped) → 7.5, 15, 22.5, 25.
        expect(retried({ type: "exponential", count: 4, interval: "PT10S", maximumInterval: "PT25S" })).toEqual([
            0, 7.5, 22.5, 45, 70,
        ]);
        // minimum 1 minute: every range starts at 60 s and is cut to it where it ends below.
        expect(retried({ type: "exponential", count: 2, interval: "PT10S", minimumInterval: "PT1M" })).toEqual([
            0, 60, 120,
        ]);
    });

    test.each([
        [
            { type: "exponential", count: 2 },
            "inputs.retryPolicy.interval must be a duration such as PT7S or PT1M, not undefined",
        ],
        [
            { type: "exponential", count: 2, interval: "PT10S", minimumInterval: "PT2M", maximumInterval: "PT1M" },
            "inputs.retryPolicy.minimumInterval is longer than its maximumInterval",
        ],
        [{ type: "fixed", count: 91, interval: "PT5S" }, "inputs.retryPolicy.count must be from 1 to 90"],
        [
            { type: "linear", count: 2, interval: "PT5S" },
            'inputs.retryPolicy.type must be default, none, fixed or exponential, not "linear"',
        ],
    ])("%j: a definition error", (retryPolicy, problem) => {
        expect(() => retried(retryPolicy)).toThrow(
            new WorkflowDefinitionError({ name: "Get_run", pointer: "/actions/Get_run" }, problem),
        );
    });

    test("durations may count days: P1D is a day", () => {
        expect(retried({ type: "fixed", count: 1, interval: "P1DT1S" })).toEqual([0, 86401]);
    });
});
