import { callConnector, ConnectorCall, Steps, waitSeconds } from "../effects";
import { evaluateTemplate } from "../expressions/templates";
import { Value } from "../expressions/values";
import { ActionHandler, ActionInvocation, ActionOutcome } from "./actionHandler";
import { ActionLocation, readObject, readString, WorkflowDefinitionError } from "./definition";

/** The platform's default: four retries of an answer that may pass (408, 429, 5xx). */
const DEFAULT_RETRIES = 4;
const DEFAULT_INTERVAL_SECONDS = 7;
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** An ISO 8601 duration of hours, minutes and seconds (PT7S, PT1M30S), in seconds. */
function durationSeconds(text: unknown, where: ActionLocation, field: string): number {
    const match = typeof text === "string" && text !== "PT" ? DURATION.exec(text) : null;
    if (match === null)
        throw new WorkflowDefinitionError(
            where,
            `${field} must be a duration such as PT7S or PT1M, not ${JSON.stringify(text)}`,
        );
    const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
    return hours * 3600 + minutes * 60 + seconds;
}

/**
 * The retry policy: `none`, or a count and a fixed interval. The platform spaces an exponential
 * policy's retries at random; here they are spaced by its interval.
 */
function retryPolicy(
    inputs: Record<string, unknown>,
    where: ActionLocation,
): { retries: number; intervalSeconds: number } {
    if (inputs.retryPolicy === undefined)
        return { retries: DEFAULT_RETRIES, intervalSeconds: DEFAULT_INTERVAL_SECONDS };
    const policy = readObject(inputs.retryPolicy, where, "inputs.retryPolicy");
    if (policy.type === "none") return { retries: 0, intervalSeconds: 0 };
    const retries = policy.count ?? DEFAULT_RETRIES;
    if (typeof retries !== "number" || !Number.isInteger(retries) || retries < 0)
        throw new WorkflowDefinitionError(where, "inputs.retryPolicy.count must be a whole number");
    const intervalSeconds =
        policy.interval === undefined
            ? DEFAULT_INTERVAL_SECONDS
            : durationSeconds(policy.interval, where, "inputs.retryPolicy.interval");
    return { retries, intervalSeconds };
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
    const { retries, intervalSeconds } = retryPolicy(inputs, invocation);
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
        if (isTransient(statusCode) && attempt < retries) {
            yield* waitSeconds(intervalSeconds);
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
