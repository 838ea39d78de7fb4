import { callConnector, ConnectorCall, Steps, waitSeconds } from "../effects";
import { evaluateTemplate } from "../expressions/templates";
import { Value } from "../expressions/values";
import { ActionHandler, ActionInvocation, ActionOutcome } from "./actionHandler";
import { ActionLocation, readObject, readString, WorkflowDefinitionError } from "./definition";

/** The platform's default retry policy, as Microsoft's reference writes it out: exponential, four retries, PT7S, between PT5S and PT1H. */
const DEFAULT_POLICY = {
    type: "exponential",
    count: 4,
    interval: "PT7S",
    minimumInterval: "PT5S",
    maximumInterval: "PT1H",
};
/** An exponential policy's bounds when it leaves them out (Consumption's defaults). */
const DEFAULT_MINIMUM_SECONDS = 5;
const DEFAULT_MAXIMUM_SECONDS = 24 * 3600;
const MAX_RETRIES = 90;
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration of days, hours, minutes and seconds (PT7S, PT1M30S, P1D), in seconds. */
function durationSeconds(text: unknown, where: ActionLocation, field: string): number {
    const match = typeof text === "string" && !/^P(T)?$/.test(text) && !text.endsWith("T") ? DURATION.exec(text) : null;
    if (match === null)
        throw new WorkflowDefinitionError(
            where,
            `${field} must be a duration such as PT7S or PT1M, not ${JSON.stringify(text)}`,
        );
    const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** How many retries a policy makes, and how long it waits before each (retry 1 first). */
interface RetrySchedule {
    retries: number;
    secondsBefore(retry: number): number;
}

/**
 * An exponential policy's wait before retry n: the platform draws it at random from
 * [max(2^(n-2)·interval, minimum), min(2^(n-1)·interval, maximum)] (retry 1 from [minimum, min(interval, maximum)]);
 * here it is the middle of that range, so that runs are repeatable.
 */
function exponentialSchedule(policy: Record<string, unknown>, retries: number, where: ActionLocation): RetrySchedule {
    const interval = durationSeconds(policy.interval, where, "inputs.retryPolicy.interval");
    const minimum =
        policy.minimumInterval === undefined
            ? DEFAULT_MINIMUM_SECONDS
            : durationSeconds(policy.minimumInterval, where, "inputs.retryPolicy.minimumInterval");
    const maximum =
        policy.maximumInterval === undefined
            ? DEFAULT_MAXIMUM_SECONDS
            : durationSeconds(policy.maximumInterval, where, "inputs.retryPolicy.maximumInterval");
    if (minimum > maximum)
        throw new WorkflowDefinitionError(
            where,
            "inputs.retryPolicy.minimumInterval is longer than its maximumInterval",
        );
    return {
        retries,
        secondsBefore: (retry) => {
            const low = Math.max(retry === 1 ? 0 : 2 ** (retry - 2) * interval, minimum);
            const high = Math.min(2 ** (retry - 1) * interval, maximum);
            return Math.min(Math.max((low + high) / 2, minimum), maximum);
        },
    };
}

/**
 * The retry policy (https://learn.microsoft.com/azure/logic-apps/error-exception-handling#retry-policies):
 * `none`; `fixed`, a count and an interval; `exponential`, a count, an interval and optional
 * minimumInterval and maximumInterval; or `default` (also when there is no policy).
 */
function retryPolicy(inputs: Record<string, unknown>, where: ActionLocation): RetrySchedule {
    const given =
        inputs.retryPolicy === undefined ? DEFAULT_POLICY : readObject(inputs.retryPolicy, where, "inputs.retryPolicy");
    const policy = given.type === "default" ? DEFAULT_POLICY : given;
    if (policy.type === "none") return { retries: 0, secondsBefore: () => 0 };
    if (policy.type !== "fixed" && policy.type !== "exponential")
        throw new WorkflowDefinitionError(
            where,
            `inputs.retryPolicy.type must be default, none, fixed or exponential, not ${JSON.stringify(policy.type)}`,
        );
    const retries = policy.count ?? DEFAULT_POLICY.count;
    if (typeof retries !== "number" || !Number.isInteger(retries))
        throw new WorkflowDefinitionError(where, "inputs.retryPolicy.count must be a whole number");
    if (retries < 1 || retries > MAX_RETRIES)
        throw new WorkflowDefinitionError(where, `inputs.retryPolicy.count must be from 1 to ${MAX_RETRIES}`);
    if (policy.type === "exponential") return exponentialSchedule(policy, retries, where);
    const intervalSeconds = durationSeconds(
        policy.interval ?? DEFAULT_POLICY.interval,
        where,
        "inputs.retryPolicy.interval",
    );
    return { retries, secondsBefore: () => intervalSeconds };
}

const isTransient = (statusCode: number) => statusCode === 408 || statusCode === 429 || statusCode >= 500;

/** The action's own timeout (limit.timeout), in seconds, or Infinity. */
function actionTimeoutSeconds(invocation: ActionInvocation): number {
    const timeout = invocation.action.limit?.timeout;
    return timeout === undefined ? Infinity : durationSeconds(timeout, invocation, "limit.timeout");
}

function timedOut(invocation: ActionInvocation, seconds: number): ActionOutcome {
    const message = `The execution of template action '${invocation.name}' timed out after ${seconds} seconds (limit.timeout).`;
    return { status: "TimedOut", code: "ActionTimedOut", error: { code: "ActionTimedOut", message } };
}

/**
 * OpenApiConnection: calls a connector operation (inputs.host.operationId) with its evaluated
 * parameters, retrying as its policy says, and times out when its calls and retries outlast limit.timeout.
 */
export const openApiConnection: ActionHandler = function* (invocation: ActionInvocation): Steps<ActionOutcome> {
    const { state } = invocation;
    const inputs = readObject(invocation.action.inputs, invocation, "inputs");
    const operationId = readString(
        readObject(inputs.host, invocation, "inputs.host").operationId,
        invocation,
        "inputs.host.operationId",
    );
    const schedule = retryPolicy(inputs, invocation);
    const timeoutSeconds = actionTimeoutSeconds(invocation);
    const parameters = evaluateTemplate(
        readObject(inputs.parameters ?? {}, invocation, "inputs.parameters"),
        state.expressions,
    ) as Record<string, Value>;
    const startedAt = state.elapsedSeconds();
    const outlasted = () => state.elapsedSeconds() - startedAt > timeoutSeconds;
    for (let attempt = 0; ; attempt++) {
        const call: ConnectorCall = { operationId, parameters, at: state.elapsedSeconds() };
        state.run.calls.push(call);
        const outcome = yield* callConnector(call);
        if (outlasted()) return timedOut(invocation, timeoutSeconds);
        if ("unreachable" in outcome)
            return {
                status: "Failed",
                code: "ConnectionFailure",
                error: { code: "ConnectionFailure", message: outcome.unreachable },
            };
        const { statusCode, body } = outcome.answer;
        if (isTransient(statusCode) && attempt < schedule.retries) {
            yield* waitSeconds(schedule.secondsBefore(attempt + 1));
            if (outlasted()) return timedOut(invocation, timeoutSeconds);
            continue;
        }
        const ok = statusCode >= 200 && statusCode < 300;
        return {
            status: ok ? "Succeeded" : "Failed",
            outputs: { statusCode, headers: {}, body },
            code: ok ? "OK" : `Http${statusCode}`,
        };
    }
};
