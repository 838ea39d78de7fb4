import { databricksJobsEnum, needsReference, REFERENCE_CHECKS } from "../support/reference";
import { isActiveState, isTerminalState, mapRunState, RunStates, type RunState } from "../../runModel/runState";

// Expected mappings for every value Databricks documents. The last test checks these tables against
// the reference description of the Jobs API, so a value Databricks adds shows up here as a failure.
const STATUS_STATE: Record<string, RunState> = {
    QUEUED: "Queued",
    PENDING: "Pending",
    RUNNING: "Running",
    TERMINATING: "Terminating",
    BLOCKED: "Blocked",
    WAITING: "Waiting",
};

/** Codes that decide the state whatever the type; every other documented code is a failure of its type. */
const REFINING_CODE: Record<string, RunState> = {
    SUCCESS: "Succeeded",
    SUCCESS_WITH_FAILURES: "SucceededWithFailures",
    USER_CANCELED: "Canceled",
    CANCELED: "Canceled",
    SKIPPED: "Skipped",
    DISABLED: "Skipped",
    MAX_CONCURRENT_RUNS_EXCEEDED: "Skipped",
    MAX_JOB_QUEUE_SIZE_EXCEEDED: "Skipped",
    WORKSPACE_RUN_LIMIT_EXCEEDED: "Skipped",
};

const FAILURE_CODES = [
    "BUDGET_POLICY_LIMIT_EXCEEDED",
    "CLOUD_FAILURE",
    "CLUSTER_ERROR",
    "CLUSTER_REQUEST_LIMIT_EXCEEDED",
    "DRIVER_ERROR",
    "FEATURE_DISABLED",
    "INTERNAL_ERROR",
    "INVALID_CLUSTER_REQUEST",
    "INVALID_RUN_CONFIGURATION",
    "LIBRARY_INSTALLATION_ERROR",
    "MAX_SPARK_CONTEXTS_EXCEEDED",
    "REPOSITORY_CHECKOUT_FAILED",
    "RESOURCE_NOT_FOUND",
    "RUN_EXECUTION_ERROR",
    "STORAGE_ACCESS_ERROR",
    "UNAUTHORIZED_ERROR",
];

const TERMINATION_TYPE: Record<string, RunState> = {
    SUCCESS: "Succeeded",
    CLIENT_ERROR: "Failed",
    INTERNAL_ERROR: "Failed",
    CLOUD_FAILURE: "Failed",
};

const LIFE_CYCLE_STATE: Record<string, RunState> = {
    QUEUED: "Queued",
    PENDING: "Pending",
    RUNNING: "Running",
    TERMINATING: "Terminating",
    BLOCKED: "Blocked",
    WAITING_FOR_RETRY: "Waiting",
    SKIPPED: "Skipped",
    INTERNAL_ERROR: "Failed",
};

const RESULT_STATE: Record<string, RunState> = {
    SUCCESS: "Succeeded",
    SUCCESS_WITH_FAILURES: "SucceededWithFailures",
    FAILED: "Failed",
    TIMEDOUT: "TimedOut",
    CANCELED: "Canceled",
    MAXIMUM_CONCURRENT_RUNS_REACHED: "Skipped",
    EXCLUDED: "Skipped",
    DISABLED: "Skipped",
    UPSTREAM_FAILED: "Failed",
    UPSTREAM_CANCELED: "Canceled",
};

describe("status.state (lifecycle v2) before TERMINATED", () => {
    test.each(Object.entries(STATUS_STATE))("%s → %s", (value, expected) => {
        expect(mapRunState({ status: { state: value } })).toEqual({ state: expected });
    });

    test("status wins over the deprecated state", () => {
        expect(mapRunState({ status: { state: "RUNNING" }, state: { life_cycle_state: "PENDING" } }).state).toBe(
            "Running",
        );
    });
});

describe("TERMINATED with termination_details.code and .type", () => {
    const failureTypes = Object.keys(TERMINATION_TYPE).filter((t) => t !== "SUCCESS");
    const cases: [string, string, RunState][] = [
        ...Object.entries(REFINING_CODE).flatMap(([code, state]) =>
            Object.keys(TERMINATION_TYPE).map((type): [string, string, RunState] => [code, type, state]),
        ),
        ...FAILURE_CODES.flatMap((code) =>
            failureTypes.map((type): [string, string, RunState] => [code, type, "Failed"]),
        ),
    ];
    test.each(cases)("%s (%s) → %s", (code, type, expected) => {
        expect(mapRunState({ status: { state: "TERMINATED", termination_details: { code, type } } })).toEqual({
            state: expected,
        });
    });

    test("a refining code needs no type", () => {
        expect(
            mapRunState({ status: { state: "TERMINATED", termination_details: { code: "USER_CANCELED" } } }).state,
        ).toBe("Canceled");
    });

    test("a failure code without a type falls back to the deprecated state", () => {
        const run = {
            status: { state: "TERMINATED", termination_details: { code: "DRIVER_ERROR" } },
            state: { life_cycle_state: "TERMINATED", result_state: "FAILED" },
        };
        expect(mapRunState(run).state).toBe("Failed");
    });

    test("the platform cancelling a run at its timeout is TimedOut", () => {
        const run = {
            status: { state: "TERMINATED", termination_details: { code: "CANCELED", type: "SUCCESS" } },
            state: { life_cycle_state: "TERMINATED", result_state: "TIMEDOUT" },
        };
        expect(mapRunState(run).state).toBe("TimedOut");
    });

    test("a failure code with the deprecated result_state TIMEDOUT is TimedOut", () => {
        const run = {
            status: { state: "TERMINATED", termination_details: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR" } },
            state: { life_cycle_state: "TERMINATED", result_state: "TIMEDOUT" },
        };
        expect(mapRunState(run).state).toBe("TimedOut");
    });

    test("a cancel code is not turned into TimedOut", () => {
        const run = {
            status: { state: "TERMINATED", termination_details: { code: "USER_CANCELED" } },
            state: { result_state: "TIMEDOUT" },
        };
        expect(mapRunState(run).state).toBe("Canceled");
    });
});

describe("TERMINATED with an unknown code falls back to termination_details.type", () => {
    test.each(Object.entries(TERMINATION_TYPE))("type %s → %s", (type, expected) => {
        const run = { status: { state: "TERMINATED", termination_details: { code: "A_CODE_FROM_2030", type } } };
        expect(mapRunState(run).state).toBe(expected);
    });
});

describe("the deprecated state when status is missing", () => {
    test.each(Object.entries(LIFE_CYCLE_STATE))("life_cycle_state %s → %s", (value, expected) => {
        expect(mapRunState({ state: { life_cycle_state: value } })).toEqual({ state: expected });
    });

    test.each(Object.entries(RESULT_STATE))("TERMINATED with result_state %s → %s", (value, expected) => {
        expect(mapRunState({ state: { life_cycle_state: "TERMINATED", result_state: value } })).toEqual({
            state: expected,
        });
    });

    test("an unknown status.state falls back to a known deprecated state", () => {
        expect(mapRunState({ status: { state: "HIBERNATING" }, state: { life_cycle_state: "RUNNING" } }).state).toBe(
            "Running",
        );
    });

    test("TERMINATED with an unknown code and type falls back to result_state", () => {
        const run = {
            status: { state: "TERMINATED", termination_details: { code: "NEW", type: "NEW_TYPE" } },
            state: { life_cycle_state: "TERMINATED", result_state: "CANCELED" },
        };
        expect(mapRunState(run).state).toBe("Canceled");
    });
});

describe("unknown values become Unknown with the raw value, never an exception", () => {
    test.each([
        [{ status: { state: "HIBERNATING" } }, "status.state = HIBERNATING"],
        [{ state: { life_cycle_state: "FROZEN" } }, "state.life_cycle_state = FROZEN"],
        [
            { status: { state: "TERMINATED", termination_details: { code: "NEW_CODE" } } },
            "status.state = TERMINATED, termination_details.code = NEW_CODE",
        ],
        [{ state: { life_cycle_state: "TERMINATED" } }, "state.life_cycle_state = TERMINATED"],
        [{ status: { state: 42 } }, "status.state = 42"],
        [{ status: {} }, "no status"],
        [{}, "no status"],
    ])("%j → Unknown (%s)", (run, raw) => {
        expect(mapRunState(run as never)).toEqual({ state: "Unknown", unknownValue: raw });
    });

    test.each([
        null,
        7,
        "RUNNING",
        [],
        { status: null },
        { status: "RUNNING" },
        { state: [] },
        { status: { termination_details: 5 } },
    ])("odd input %j does not throw", (input) => {
        expect(() => mapRunState(input as never)).not.toThrow();
    });

    test("inherited names are not values (toString, __proto__)", () => {
        expect(mapRunState({ status: { state: "toString" } }).state).toBe("Unknown");
        expect(mapRunState({ state: { life_cycle_state: "__proto__" } }).state).toBe("Unknown");
    });
});

describe("active and terminal", () => {
    test("every RunState is exactly one of active, terminal or neither (Idle, Error, Unknown)", () => {
        const neither = RunStates.filter((s) => !isActiveState(s) && !isTerminalState(s));
        expect(neither).toEqual(["Idle", "Error", "Unknown"]);
        expect(RunStates.filter((s) => isActiveState(s) && isTerminalState(s))).toEqual([]);
    });
});

needsReference(REFERENCE_CHECKS.databricksRunStates).describe(
    "the tables cover every value in Databricks' API description",
    () => {
        test.each([
            ["RunLifecycleStateV2State", [...Object.keys(STATUS_STATE), "TERMINATED"]],
            ["TerminationCodeCode", [...Object.keys(REFINING_CODE), ...FAILURE_CODES]],
            ["TerminationTypeType", Object.keys(TERMINATION_TYPE)],
            ["RunLifeCycleState", [...Object.keys(LIFE_CYCLE_STATE), "TERMINATED"]],
            ["RunResultState", Object.keys(RESULT_STATE)],
        ])("%s", (schema, tested) => {
            expect([...tested].sort()).toEqual([...databricksJobsEnum(schema)].sort());
        });
    },
);
