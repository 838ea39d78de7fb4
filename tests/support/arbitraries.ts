/**
 * The project's one door to fast-check: generators for every value a maker can put in the control's
 * properties, and for the sequences of host and user actions that drive the run tracker.
 */
import fc from "fast-check";
import type { TrackerInputs } from "../../runModel/trackerInputs";

/** One thing that happens to the tracker: the host, the user or time. */
export type TrackerCommand =
    | { kind: "update"; changes: Partial<TrackerInputs> }
    | { kind: "click"; values: Record<string, string> }
    | { kind: "cancel" }
    | { kind: "outputsRead" }
    | { kind: "outputsTaken" }
    | { kind: "advance"; ms: number };

const DEEP_NESTING = 20_000;
const HUGE_TEXT = 200_000;

const runId = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 40 }),
    fc.constantFrom(2 ** 53 + 2, 2 ** 63, 2 ** 64, -1, 1.5, Number.MAX_VALUE),
    fc.stringMatching(/^ ?[0-9]{1,20} ?$/),
);

const lifecycle = fc.record(
    {
        life_cycle_state: fc.constantFrom(
            "QUEUED",
            "PENDING",
            "RUNNING",
            "TERMINATING",
            "TERMINATED",
            "SKIPPED",
            "NEW",
        ),
        result_state: fc.constantFrom("SUCCESS", "FAILED", "TIMEDOUT", "CANCELED", "EXCUSED", undefined),
        state_message: fc.string(),
    },
    { requiredKeys: [] },
);

const status = fc.record(
    {
        state: fc.constantFrom("QUEUED", "PENDING", "RUNNING", "TERMINATING", "TERMINATED", "BLOCKED", "WAITING", "?"),
        termination_details: fc.record(
            { code: fc.constantFrom("SUCCESS", "RUN_EXECUTION_ERROR", "CANCELED", "OTHER"), message: fc.string() },
            { requiredKeys: [] },
        ),
        queue_details: fc.record({ message: fc.string() }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
);

/** A runs/get answer (or RunNow's `{run_id}`) with fields of the right and of the wrong types. */
const runObject = fc.record(
    {
        run_id: runId,
        job_id: fc.integer({ min: 0 }),
        run_page_url: fc.oneof(fc.webUrl(), fc.constantFrom("javascript:alert(1)", "http://x", ""), fc.string()),
        start_time: fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double(), fc.string()),
        end_time: fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double()),
        run_duration: fc.oneof(fc.nat(), fc.double()),
        status: fc.oneof(status, fc.jsonValue()),
        state: fc.oneof(lifecycle, fc.jsonValue()),
        tasks: fc.oneof(
            fc.array(fc.record({ task_key: fc.string(), status, state: lifecycle }, { requiredKeys: [] }), {
                maxLength: 6,
            }),
            fc.jsonValue(),
        ),
    },
    { requiredKeys: ["run_id"] },
);

/** Text that is not JSON, is JSON of the wrong shape, or is JSON at the edges of what parsers take. */
const awkwardText = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.json(),
    fc.constantFrom(
        "",
        "   ",
        "null",
        "{}",
        "[]",
        '{"a": 9007199254740993}',
        '{"a": 1e400}',
        '{"__proto__": {"x": 1}}',
        '{"run_id": NaN}',
        "{",
        "x".repeat(HUGE_TEXT),
        "[".repeat(DEEP_NESTING) + "]".repeat(DEEP_NESTING),
        '{"a":'.repeat(DEEP_NESTING) + "1" + "}".repeat(DEEP_NESTING),
    ),
);

const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.constant(null));

export const jobIdText = maybe(
    fc.oneof(
        fc.stringMatching(/^ ?[0-9]{1,20} ?$/),
        fc.constantFrom("9223372036854775807", "9223372036854775808", "-1", "1.5", "1e3", "0x1f", "٣"),
        awkwardText,
    ),
);

const parameterName = fc.oneof(fc.constantFrom("region", "date", "__proto__", "constructor", ""), fc.string());
const parameterValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue());

export const jobParametersText = maybe(
    fc.oneof(
        fc.dictionary(parameterName, parameterValue).map((o) => JSON.stringify(o)),
        awkwardText,
    ),
);

const definition = fc.record(
    { name: fc.oneof(parameterName, fc.jsonValue()), default: parameterValue },
    { requiredKeys: [] },
);

export const parameterDefinitionsText = maybe(
    fc.oneof(
        fc.array(definition, { maxLength: 6 }).map((list) => JSON.stringify(list)),
        fc.array(definition, { maxLength: 6 }).map((list) => JSON.stringify({ settings: { parameters: list } })),
        awkwardText,
    ),
);

/** A readable run with a long message: Databricks' messages and task lists can make Run large. */
const LARGE_RUN = JSON.stringify({
    run_id: 3,
    status: { state: "RUNNING" },
    state: { state_message: "x".repeat(HUGE_TEXT) },
});

export const runText = maybe(
    fc.oneof(
        runObject.map((run) => JSON.stringify(run)),
        fc.constant(LARGE_RUN),
        awkwardText,
    ),
);

export const errorText = maybe(fc.oneof(fc.string(), fc.constantFrom(" ", "Forbidden", "x".repeat(HUGE_TEXT))));

export const pollSeconds = maybe(
    fc.oneof(
        fc.integer({ min: -5, max: 4_000 }),
        fc.double(),
        fc.constantFrom(NaN, Infinity, -Infinity, 0, 1, 3600, 3601, 2 ** 53 + 1, 0.5, -0),
    ),
);

export const trackerInputChanges: fc.Arbitrary<Partial<TrackerInputs>> = fc.record(
    {
        jobId: jobIdText,
        jobParameters: jobParametersText,
        parameterDefinitions: parameterDefinitionsText,
        run: runText,
        errorText,
        minPollSeconds: pollSeconds,
        maxPollSeconds: pollSeconds,
        disabled: fc.boolean(),
        visible: fc.boolean(),
        allowConcurrentRuns: fc.boolean(),
    },
    { requiredKeys: [] },
);

/** A run as GetRun or RunNow answers it, among a few ids so that the same run comes back. */
const answeredRunText = fc
    .record(
        {
            run_id: fc.integer({ min: 1, max: 4 }),
            run_page_url: fc.constant("https://adb-1.2.azuredatabricks.net/#job/11/run/1"),
            status: fc.record({
                state: fc.constantFrom("QUEUED", "PENDING", "RUNNING", "TERMINATING", "TERMINATED", "BLOCKED"),
                termination_details: fc.record({ code: fc.constantFrom("SUCCESS", "RUN_EXECUTION_ERROR", "CANCELED") }),
            }),
        },
        { requiredKeys: ["run_id"] },
    )
    .map((run) => JSON.stringify(run));

/** The maker puts the control right again: a valid job, default polling, enabled and visible. */
const VALID_AGAIN: Partial<TrackerInputs> = {
    jobId: "11",
    jobParameters: null,
    parameterDefinitions: null,
    minPollSeconds: null,
    maxPollSeconds: null,
    disabled: false,
    visible: true,
};

/** Mostly what a working app sends (runs, errors, a valid job again), sometimes anything at all. */
const inputUpdate = fc.oneof(
    { arbitrary: answeredRunText.map((run) => ({ run })), weight: 3 },
    { arbitrary: errorText.map((text) => ({ errorText: text })), weight: 1 },
    { arbitrary: fc.constant(VALID_AGAIN), weight: 1 },
    { arbitrary: trackerInputChanges, weight: 3 },
);

export const trackerCommand: fc.Arbitrary<TrackerCommand> = fc.oneof(
    { arbitrary: inputUpdate.map((changes) => ({ kind: "update" as const, changes })), weight: 4 },
    {
        arbitrary: fc.dictionary(parameterName, fc.string()).map((values) => ({ kind: "click" as const, values })),
        weight: 3,
    },
    { arbitrary: fc.constant({ kind: "cancel" as const }), weight: 2 },
    { arbitrary: fc.constant({ kind: "outputsRead" as const }), weight: 2 },
    { arbitrary: fc.constant({ kind: "outputsTaken" as const }), weight: 2 },
    {
        arbitrary: fc
            .oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 70_000 }), fc.constant(3_600_000))
            .map((ms) => ({ kind: "advance" as const, ms })),
        weight: 3,
    },
);

/** A valid job to start from, so that the random commands reach runs, not only validation. */
export const VALID_START: Partial<TrackerInputs> = { jobId: "11", jobParameters: '{"region": "emea"}' };

export const trackerScript = fc.array(trackerCommand, { maxLength: 40 });

export interface PropertyRun {
    numRuns: number;
    seed?: number;
}

/** Runs `check` on generated scripts; a failure throws with the shrunk script and the seed to replay it. */
export function assertForEveryScript(check: (script: TrackerCommand[]) => void, run: PropertyRun): void {
    fc.assert(fc.property(trackerScript, check), { numRuns: run.numRuns, seed: run.seed });
}

/** Whether `check` holds for every generated script: false at the first counterexample (not shrunk). */
export function holdsForEveryScript(check: (script: TrackerCommand[]) => void, run: PropertyRun): boolean {
    const options = { numRuns: run.numRuns, seed: run.seed, endOnFailure: true };
    return !fc.check(fc.property(trackerScript, check), options).failed;
}
