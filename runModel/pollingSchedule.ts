import { issue, type ValidationIssue } from "./validationIssue";

export interface PollBounds {
    minSeconds: number;
    maxSeconds: number;
}

export const DEFAULT_POLL_BOUNDS: PollBounds = { minSeconds: 2, maxSeconds: 30 };
export const POLL_SECONDS_LIMIT = 3600;

/**
 * A run's first seconds poll at most this often apart, so a short job — the one a user sits and
 * watches — is seen ending within a few seconds.
 */
export const QUICK_START_MS = 15_000;
export const QUICK_START_MAX_DELAY_MS = 3_000;

/**
 * The delay before the next refresh. It is the time the run's state has already held, kept within
 * the bounds: a state that has lasted a minute is unlikely to change in the next second, and the lag
 * before a change is seen stays below the age of the state it ends. A new state starts again at the
 * minimum. During the run's first 15 s the delay is at most 3 s (or the minimum, if larger).
 */
export function nextPollDelayMs(sinceRunStartMs: number, sinceStateChangeMs: number, bounds: PollBounds): number {
    const minMs = bounds.minSeconds * 1000;
    const maxMs = bounds.maxSeconds * 1000;
    let delay = Math.min(maxMs, Math.max(minMs, sinceStateChangeMs));
    if (sinceRunStartMs < QUICK_START_MS) {
        delay = Math.min(delay, Math.max(minMs, QUICK_START_MAX_DELAY_MS));
    }
    return delay;
}

function readBound(
    value: number | null | undefined,
    fallback: number,
    property: "MinPollSeconds" | "MaxPollSeconds",
): { seconds: number; issue?: ValidationIssue } {
    if (value === null || value === undefined) {
        return { seconds: fallback };
    }
    if (!Number.isInteger(value) || value < 1 || value > POLL_SECONDS_LIMIT) {
        return {
            seconds: fallback,
            issue: issue(property, "PollSecondsOutOfRange", property, String(value), `${POLL_SECONDS_LIMIT}`),
        };
    }
    return { seconds: value };
}

/** Reads MinPollSeconds and MaxPollSeconds; blank means the default. */
export function readPollBounds(
    minSeconds: number | null | undefined,
    maxSeconds: number | null | undefined,
): { bounds: PollBounds; issues: ValidationIssue[] } {
    const min = readBound(minSeconds, DEFAULT_POLL_BOUNDS.minSeconds, "MinPollSeconds");
    const max = readBound(maxSeconds, Math.max(DEFAULT_POLL_BOUNDS.maxSeconds, min.seconds), "MaxPollSeconds");
    const issues = [min.issue, max.issue].filter((i): i is ValidationIssue => i !== undefined);
    if (issues.length === 0 && min.seconds > max.seconds) {
        issues.push(issue("MaxPollSeconds", "PollBoundsInverted", String(max.seconds), String(min.seconds)));
        return { bounds: { minSeconds: min.seconds, maxSeconds: min.seconds }, issues };
    }
    return { bounds: { minSeconds: min.seconds, maxSeconds: Math.max(min.seconds, max.seconds) }, issues };
}
