import {
    ApiConnectionCall,
    ApiConnectionRequest,
    callApiConnection,
    callConnector,
    ConnectorCall,
    ConnectorOutcome,
    Steps,
    waitSeconds,
} from "../effects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError, Value } from "../expressions/values";
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
 * Sends a connector request (once, and again as the action's retryPolicy says for 408, 429 and 5xx
 * answers) and gives the action's outcome; it times out when its calls and retries outlast limit.timeout.
 */
function* sendWithRetryPolicy(
    invocation: ActionInvocation,
    inputs: Record<string, unknown>,
    send: (at: number) => Steps<ConnectorOutcome>,
): Steps<ActionOutcome> {
    const { state } = invocation;
    const schedule = retryPolicy(inputs, invocation);
    const timeoutSeconds = actionTimeoutSeconds(invocation);
    const startedAt = state.elapsedSeconds();
    const outlasted = () => state.elapsedSeconds() - startedAt > timeoutSeconds;
    for (let attempt = 0; ; attempt++) {
        const outcome = yield* send(state.elapsedSeconds());
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
}

/** OpenApiConnection (Power Automate's form): calls a connector operation (inputs.host.operationId) with its evaluated parameters. */
export const openApiConnection: ActionHandler = function* (invocation: ActionInvocation): Steps<ActionOutcome> {
    const { state } = invocation;
    const inputs = readObject(invocation.action.inputs, invocation, "inputs");
    const operationId = readString(
        readObject(inputs.host, invocation, "inputs.host").operationId,
        invocation,
        "inputs.host.operationId",
    );
    retryPolicy(inputs, invocation);
    actionTimeoutSeconds(invocation);
    const parameters = evaluateTemplate(
        readObject(inputs.parameters ?? {}, invocation, "inputs.parameters"),
        state.expressions,
    ) as Record<string, Value>;
    return yield* sendWithRetryPolicy(invocation, inputs, (at) => {
        const call: ConnectorCall = { operationId, parameters, at };
        state.run.calls.push(call);
        return callConnector(call);
    });
};

const HTTP_METHODS = ["GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** What an ApiConnection action's inputs say, evaluated: the connection, method, path, queries and body. */
function apiConnectionRequest(invocation: ActionInvocation, inputs: Record<string, unknown>): ApiConnectionRequest {
    const { expressions } = invocation.state;
    const host = readObject(inputs.host, invocation, "inputs.host");
    const connectionName = readObject(host.connection, invocation, "inputs.host.connection").name;
    readString(connectionName, invocation, "inputs.host.connection.name");
    const method = readString(inputs.method, invocation, "inputs.method").toUpperCase();
    if (!HTTP_METHODS.includes(method))
        throw new WorkflowDefinitionError(
            invocation,
            `inputs.method must be one of ${HTTP_METHODS.join(", ")}, not ${JSON.stringify(inputs.method)}`,
        );
    const path = readString(inputs.path, invocation, "inputs.path");
    if (!path.startsWith("/"))
        throw new WorkflowDefinitionError(invocation, `inputs.path must start with "/", not ${JSON.stringify(path)}`);
    const queries = readObject(inputs.queries ?? {}, invocation, "inputs.queries");
    const connection = evaluateTemplate(connectionName, expressions);
    if (typeof connection !== "string" || connection === "")
        throw new ExpressionError(
            `inputs.host.connection.name gives ${JSON.stringify(connection)}, not a connection id (is the $connections parameter given?)`,
        );
    const evaluatedPath = evaluateTemplate(path, expressions);
    if (typeof evaluatedPath !== "string")
        throw new ExpressionError(`inputs.path gives ${JSON.stringify(evaluatedPath)}`);
    return {
        connection,
        method,
        path: evaluatedPath,
        queries: evaluateTemplate(queries, expressions) as Record<string, Value>,
        ...(inputs.body === undefined ? {} : { body: evaluateTemplate(inputs.body, expressions) }),
    };
}

/**
 * ApiConnection (Logic Apps' form): sends `method` + `path` (relative to the API) with `queries` and
 * `body` through the connection that inputs.host.connection.name names; the host maps it to the
 * API's operation. Retries as OpenApiConnection does.
 */
export const apiConnection: ActionHandler = function* (invocation: ActionInvocation): Steps<ActionOutcome> {
    const { state } = invocation;
    const inputs = readObject(invocation.action.inputs, invocation, "inputs");
    retryPolicy(inputs, invocation);
    actionTimeoutSeconds(invocation);
    const request = apiConnectionRequest(invocation, inputs);
    return yield* sendWithRetryPolicy(invocation, inputs, (at) => {
        const call: ApiConnectionCall = { ...request, at };
        state.run.apiConnectionCalls.push(call);
        return callApiConnection(call);
    });
};
