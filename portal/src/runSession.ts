import { systemClock, type Clock } from "../../runModel/clock";
import { parseJobId } from "../../runModel/jobId";
import { isPlainObject } from "../../runModel/jsonInput";
import { requestedParameters, type EditedValues } from "../../runModel/parameters";
import { DEFAULT_POLL_BOUNDS, POLL_SECONDS_LIMIT, type PollBounds } from "../../runModel/pollingSchedule";
import {
    createRunTracker,
    EMPTY_INPUTS,
    type RunEvent,
    type TrackerInputs,
    type TrackerView,
} from "../../runModel/runTracker";
import type { FlowOutcome, FlowRequest, FlowTransport, TransportFailure } from "./transport";

/**
 * One visitor's session with one job: the host of the run model's tracker, as the canvas app is
 * for the control. It holds the tracker's inputs, answers the tracker's events with calls to the
 * portal flow, and feeds the flow's replies back in. No DOM: the element renders it, the tests and
 * the benchmark drive it on a virtual clock.
 */

export type FlowAction = FlowRequest["action"];

/**
 * The refresh bounds without min-poll-seconds and max-poll-seconds. The control's schedule with a
 * longer ceiling: each refresh here is a whole flow run (a second or two, and every action of it
 * counts against the flow owner's request allowance) where a canvas app makes one connector call.
 * `npm run bench` gives the cost and the lag.
 */
export const PORTAL_POLL_DEFAULTS: PollBounds = { minSeconds: DEFAULT_POLL_BOUNDS.minSeconds, maxSeconds: 45 };

/** The latest call that failed: the site gave no reply, or the flow answered with an error. */
export type SessionProblem =
    | { source: "transport"; action: FlowAction; failure: TransportFailure }
    | { source: "flow"; action: FlowAction; code: string; message: string };

/** What the page decides: the element's attributes and the page's visibility. */
export interface SessionSettings {
    jobId: string | null;
    /** Prefill: a JSON object of parameter values. */
    parameters: string | null;
    minPollSeconds: number | null;
    maxPollSeconds: number | null;
    disabled: boolean;
    /** Runs are followed only while the page is visible. */
    visible: boolean;
}

export interface RunSessionOptions extends Partial<SessionSettings> {
    transport: FlowTransport;
    clock?: Clock;
    /** New idempotency tokens (default: random UUIDs). */
    newToken?: () => string;
}

/** `invalid`: the job id is not one, nothing is asked; `failed`: describe got no usable answer. */
export type JobPhase = "invalid" | "describing" | "described" | "failed";

export interface SessionView {
    tracker: TrackerView;
    jobPhase: JobPhase;
    /** The job's name, from describe. */
    jobName?: string;
    problem?: SessionProblem;
    /** The run button may start a run: the job is described and the tracker allows it. */
    canStart: boolean;
}

export interface RunSession {
    view(): SessionView;
    /** Asks the flow for the job's name and parameters; the form shows exactly those. */
    describe(): Promise<void>;
    /**
     * The visitor confirmed a run with the values they edited (name → value); every other parameter
     * goes with its prefill or default. False when no run may start now.
     */
    start(edited: EditedValues): boolean;
    /** The visitor confirmed cancelling the run on screen. */
    cancel(): boolean;
    /** The page's settings changed; the job id is fixed for a session (a new job is a new session). */
    update(settings: Partial<Omit<SessionSettings, "jobId">>): void;
    subscribe(listener: () => void): () => void;
    /** Settles when no call to the flow is in flight. */
    idle(): Promise<void>;
    /** Stops every timer; later replies are ignored. */
    dispose(): void;
}

/** The describe reply's `job`, `{"name": …, "parameters": [settings.parameters]}`, as GetJob's shape for the model. */
function readJob(jobText: string): { name?: string; definitions: string } | undefined {
    let job: unknown;
    try {
        job = JSON.parse(jobText);
    } catch {
        return undefined;
    }
    if (!isPlainObject(job)) return undefined;
    return {
        name: typeof job.name === "string" && job.name.trim() !== "" ? job.name : undefined,
        // A job without parameters has no settings.parameters: the model then shows "no parameters".
        definitions: JSON.stringify({ settings: { parameters: job.parameters ?? [] } }),
    };
}

/** What describe's answer gives: the job's name and parameter definitions, or why there are none. */
function readDescribeAnswer(outcome: FlowOutcome): {
    jobPhase: JobPhase;
    problem?: SessionProblem;
    jobName?: string;
    definitions?: string;
} {
    if (!outcome.ok)
        return { jobPhase: "failed", problem: { source: "transport", action: "describe", failure: outcome.failure } };
    const { error, code, job: jobText } = outcome.reply;
    if (error.trim() !== "")
        return { jobPhase: "failed", problem: { source: "flow", action: "describe", code, message: error } };
    const job = readJob(jobText);
    if (job === undefined) {
        const detail = `The describe reply's job is not a JSON object: ${jobText.slice(0, 200)}`;
        return {
            jobPhase: "failed",
            problem: { source: "transport", action: "describe", failure: { kind: "unreadable", status: 200, detail } },
        };
    }
    return { jobPhase: "described", jobName: job.name, definitions: job.definitions };
}

/** The portal's ceiling, or a larger minimum the page set (a minimum the model refuses is its issue, not this one's). */
function defaultMaxPollSeconds(minPollSeconds: number | null): number {
    const validMinimum =
        minPollSeconds !== null && Number.isInteger(minPollSeconds) && minPollSeconds <= POLL_SECONDS_LIMIT
            ? minPollSeconds
            : 0;
    return Math.max(PORTAL_POLL_DEFAULTS.maxSeconds, validMinimum);
}

/** The tracker inputs the page decides; Run, ErrorText and the definitions come from the flow. */
function pageInputs(settings: SessionSettings): Partial<TrackerInputs> {
    return {
        jobParameters: settings.parameters,
        minPollSeconds: settings.minPollSeconds,
        maxPollSeconds: settings.maxPollSeconds ?? defaultMaxPollSeconds(settings.minPollSeconds),
        disabled: settings.disabled,
        visible: settings.visible,
    };
}

/** The page's settings as the session starts: blank where the page gave none. */
function settingsFrom(options: RunSessionOptions): SessionSettings {
    return {
        jobId: options.jobId ?? null,
        parameters: options.parameters ?? null,
        minPollSeconds: options.minPollSeconds ?? null,
        maxPollSeconds: options.maxPollSeconds ?? null,
        disabled: options.disabled ?? false,
        visible: options.visible ?? true,
    };
}

/**
 * Creates a session. The host calls describe() once, then start() on the visitor's confirmed click;
 * the tracker decides when to ask for the run's status, and a click starts at most one run.
 */
export function createRunSession(options: RunSessionOptions): RunSession {
    const clock = options.clock ?? systemClock;
    const settings = settingsFrom(options);
    let inputs: TrackerInputs = { ...EMPTY_INPUTS, jobId: settings.jobId, ...pageInputs(settings) };
    let jobPhase: JobPhase = parseJobId(settings.jobId).ok ? "describing" : "invalid";
    let jobName: string | undefined;
    let problem: SessionProblem | undefined;
    let disposed = false;
    // A start makes every earlier status or cancel answer stale.
    let generation = 0;
    let statusInFlight = false;
    const inFlight = new Set<Promise<unknown>>();
    const listeners = new Set<() => void>();

    const notify = () => {
        for (const listener of [...listeners]) listener();
    };
    const tracker = createRunTracker({
        raise: (event) => answer(event),
        onOutputsChanged: () => undefined,
        clock,
        newToken: options.newToken,
    });
    tracker.subscribe(notify);
    tracker.update(inputs);

    function setInputs(changes: Partial<TrackerInputs>): void {
        inputs = { ...inputs, ...changes };
        tracker.update(inputs);
    }

    function call(request: FlowRequest, onAnswer: (outcome: FlowOutcome) => void): Promise<void> {
        const sent = options.transport(request).then(
            (outcome) => {
                if (!disposed) onAnswer(outcome);
            },
            (error: unknown) => {
                if (!disposed)
                    onAnswer({
                        ok: false,
                        failure: { kind: "network", detail: (error as Error)?.message ?? String(error) },
                    });
            },
        );
        const tracked = sent.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        return tracked;
    }

    /** The flow's answer becomes the tracker's Run and ErrorText, as a canvas app's formulas would set them. */
    function applyRunAnswer(action: FlowAction, outcome: FlowOutcome): void {
        if (!outcome.ok) {
            problem = { source: "transport", action, failure: outcome.failure };
            setInputs({ errorText: `${outcome.failure.kind}: ${outcome.failure.detail}` });
            return;
        }
        const { run, error, code } = outcome.reply;
        problem = error.trim() !== "" ? { source: "flow", action, code, message: error } : undefined;
        setInputs({ run: run.trim() !== "" ? run : inputs.run, errorText: error.trim() !== "" ? error : null });
    }

    function answer(event: RunEvent): void {
        const jobId = settings.jobId ?? "";
        if (event === "trigger") {
            const request = tracker.view().request;
            if (!request) return;
            generation++;
            const sentIn = generation;
            // Cleared first, so the same error again still answers this request.
            setInputs({ errorText: null });
            void call(
                {
                    action: "start",
                    job_id: jobId,
                    parameters: JSON.stringify(request.parameters),
                    idempotency_token: request.idempotencyToken,
                },
                (outcome) => {
                    if (sentIn === generation) applyRunAnswer("start", outcome);
                },
            );
            return;
        }
        const runId = tracker.view().run?.runId;
        if (runId === undefined) return;
        // One status call at a time: a slow site gets no pile of flow runs.
        if (event === "refresh" && statusInFlight) return;
        if (event === "refresh") statusInFlight = true;
        else setInputs({ errorText: null }); // as for a start: the same cancel failure again is still seen
        const sentIn = generation;
        void call({ action: event === "refresh" ? "status" : "cancel", run_id: runId }, (outcome) => {
            if (sentIn === generation) applyRunAnswer(event === "refresh" ? "status" : "cancel", outcome);
        }).finally(() => {
            if (event === "refresh") statusInFlight = false;
        });
    }

    function applyDescribe(outcome: FlowOutcome): void {
        const described = readDescribeAnswer(outcome);
        jobPhase = described.jobPhase;
        problem = described.problem;
        jobName = described.jobName;
        if (described.definitions !== undefined) setInputs({ parameterDefinitions: described.definitions });
        notify();
    }

    const view = (): SessionView => {
        const trackerView = tracker.view();
        return {
            tracker: trackerView,
            jobPhase,
            jobName,
            problem,
            canStart: jobPhase === "described" && trackerView.canTrigger,
        };
    };

    return {
        view,

        describe() {
            if (disposed || !parseJobId(settings.jobId).ok) return Promise.resolve();
            jobPhase = "describing";
            notify();
            return call({ action: "describe", job_id: settings.jobId ?? "" }, applyDescribe);
        },

        start(edited) {
            const current = view();
            if (disposed || !current.canStart) return false;
            if (!tracker.trigger(requestedParameters(current.tracker.parameters.fields, edited))) return false;
            problem = undefined;
            // The session reads the request from the tracker itself: it has the new values at once.
            tracker.outputsRead();
            tracker.outputsTaken();
            return true;
        },

        cancel() {
            return !disposed && tracker.cancel();
        },

        update(changes) {
            if (disposed) return;
            Object.assign(settings, changes);
            setInputs(pageInputs(settings));
        },

        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },

        idle: async () => {
            while (inFlight.size > 0) await Promise.all([...inFlight]);
        },

        dispose() {
            disposed = true;
            tracker.dispose();
            listeners.clear();
        },
    };
}
