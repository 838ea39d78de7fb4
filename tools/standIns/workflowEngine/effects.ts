import { Value } from "./expressions/values";

/** What a connector answers: an HTTP status and the body. */
export interface ConnectorAnswer {
    statusCode: number;
    body: Value;
}

/** A connector operation the workflow calls (an OpenApiConnection action, or one retry of it). */
export interface ConnectorCall {
    operationId: string;
    parameters: Record<string, Value>;
    /** Seconds since the workflow started. */
    at: number;
}

/**
 * A request an ApiConnection action (Logic Apps' form of a connector call) sends through a
 * connection: the connection's id, the method, the path relative to the API, the queries and the body.
 */
export interface ApiConnectionRequest {
    /** What inputs.host.connection.name gives: the connection's id, e.g. from parameters('$connections'). */
    connection: string;
    /** Upper case: GET, POST, … */
    method: string;
    path: string;
    queries: Record<string, Value>;
    body?: Value;
}

/** An ApiConnection call (or one retry of it), as the run records it. */
export interface ApiConnectionCall extends ApiConnectionRequest {
    /** Seconds since the workflow started. */
    at: number;
}

/** How a connector call ended: an answer, or no HTTP answer at all (the action fails with ConnectionFailure). */
export type ConnectorOutcome = { answer: ConnectorAnswer } | { unreachable: string };

/**
 * What the engine asks of the host that runs it, between its steps: to call a connector, or to let
 * time pass. The engine itself does no input or output and keeps no time, so one engine serves
 * the tests' virtual clock and a host that calls real connectors and really waits.
 */
export type EngineEffect =
    | { kind: "connector"; call: ConnectorCall }
    | { kind: "apiConnection"; call: ApiConnectionCall }
    | { kind: "wait"; seconds: number };

/** The host's reply to an effect: a connector call's outcome; nothing for a wait. */
export type EffectReply = ConnectorOutcome | undefined;

/** A computation of the engine that may stop for effects, and ends with a T. */
export type Steps<T> = Generator<EngineEffect, T, EffectReply>;

export function* callConnector(call: ConnectorCall): Steps<ConnectorOutcome> {
    return (yield { kind: "connector", call }) as ConnectorOutcome;
}

export function* callApiConnection(call: ApiConnectionCall): Steps<ConnectorOutcome> {
    return (yield { kind: "apiConnection", call }) as ConnectorOutcome;
}

export function* waitSeconds(seconds: number): Steps<void> {
    yield { kind: "wait", seconds };
}
