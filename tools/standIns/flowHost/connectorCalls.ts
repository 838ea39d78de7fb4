import { DEFAULT_CONNECTOR_DIR, hostnameOf, loadConnectorDefinition } from "../connectorRunner/connectorDefinition";
import { invokeOperation, InvokeRequest } from "../connectorRunner/invoke";
import { operationForRequest } from "../connectorRunner/operationLookup";
import { isLoopbackHost } from "../loopback";
import type { ApiConnectionCall, ConnectorAnswer, Value } from "../workflowEngine";

/** The workspace the flows' connection points at: its host and a token for it. */
export interface WorkspaceConnection {
    /** adb-….azuredatabricks.net, or 127.0.0.1:PORT (or http://127.0.0.1:PORT) for the emulator. */
    host: string;
    token: string;
    connectorDir?: string;
    /** How the runner sends its requests (default: fetch); tests pass one that records them. */
    fetchImpl?: typeof fetch;
}

/** An int64 above 2^53 comes back from the runner as a bigint; a flow's JSON holds it as a number, as Power Automate does. */
function asFlowValue(value: unknown): Value {
    if (typeof value === "bigint") return Number(value);
    if (Array.isArray(value)) return value.map(asFlowValue);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asFlowValue(item)]));
    return value as Value;
}

/** An OpenApiConnection action's parameters name body fields "body/<field>"; the runner takes every parameter by its own name. */
function runnerParameters(parameters: Record<string, Value>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key.replace(/^body\//, ""), value]));
}

/** One operation through the runner, as a workflow action gets it: an answer, or a throw for no HTTP answer. */
async function invokeForWorkflow(
    connection: WorkspaceConnection,
    request: Pick<InvokeRequest, "operationId" | "params" | "customCode">,
): Promise<ConnectorAnswer> {
    // A loopback host given without a scheme (127.0.0.1:8787) is the emulator, on plain HTTP.
    const allowHttp = !connection.host.includes("://") && isLoopbackHost(hostnameOf(connection.host.trim()));
    const result = await invokeOperation({
        ...request,
        host: connection.host,
        token: connection.token,
        connectorDir: connection.connectorDir,
        allowHttp,
        maxRetries: 0,
        fetchImpl: connection.fetchImpl,
    });
    if (result.status === 0) throw new Error(`${request.operationId}: ${result.error ?? "no answer"}`);
    return { statusCode: result.status, body: asFlowValue(result.body) };
}

/**
 * The workflow engine's connector: each OpenApiConnection action's operation invoked through the
 * connector runner against the workspace, with the connector's custom code, as Power Platform runs
 * it. The runner does not retry on its own (maxRetries 0): the action's retryPolicy does, as on the
 * platform. A call that gets no HTTP answer throws, which fails the action with ConnectionFailure.
 */
export function connectorThroughRunner(
    connection: WorkspaceConnection,
): (operationId: string, parameters: Record<string, Value>) => Promise<ConnectorAnswer> {
    return (operationId, parameters) =>
        invokeForWorkflow(connection, { operationId, params: runnerParameters(parameters) });
}

/**
 * A Logic App's ApiConnection actions through the same runner: method + path mapped back to the
 * connector's operation (its swagger's paths), sent WITHOUT custom code, as Logic Apps has none.
 * A connection id the host does not have, or a method and path of no operation, throws (the action
 * fails with ConnectionFailure and that message).
 */
export function apiConnectionThroughRunner(
    connection: WorkspaceConnection,
    connectionIds: readonly string[],
): (call: ApiConnectionCall) => Promise<ConnectorAnswer> {
    const definition = loadConnectorDefinition(connection.connectorDir ?? DEFAULT_CONNECTOR_DIR);
    return async (call) => {
        if (!connectionIds.includes(call.connection))
            throw new Error(
                `No connection ${call.connection} on this host (it has ${connectionIds.join(", ") || "none"}).`,
            );
        const { operationId, params } = operationForRequest(definition, call);
        return invokeForWorkflow(connection, { operationId, params, customCode: false });
    };
}
