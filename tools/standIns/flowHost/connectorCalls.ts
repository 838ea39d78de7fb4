import { hostnameOf } from "../connectorRunner/connectorDefinition";
import { invokeOperation } from "../connectorRunner/invoke";
import { isLoopbackHost } from "../loopback";
import type { ConnectorAnswer, Value } from "../workflowEngine";

/** The workspace the flows' connection points at: its host and a token for it. */
export interface WorkspaceConnection {
    /** adb-….azuredatabricks.net, or 127.0.0.1:PORT (or http://127.0.0.1:PORT) for the emulator. */
    host: string;
    token: string;
    connectorDir?: string;
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

/**
 * The workflow engine's connector: each OpenApiConnection action's operation invoked through the
 * connector runner against the workspace. The runner does not retry on its own (maxRetries 0):
 * the action's retryPolicy does, as on the platform. A call that gets no HTTP answer throws, which
 * fails the action with ConnectionFailure.
 */
export function connectorThroughRunner(
    connection: WorkspaceConnection,
): (operationId: string, parameters: Record<string, Value>) => Promise<ConnectorAnswer> {
    // A loopback host given without a scheme (127.0.0.1:8787) is the emulator, on plain HTTP.
    const allowHttp = !connection.host.includes("://") && isLoopbackHost(hostnameOf(connection.host.trim()));
    return async (operationId, parameters) => {
        const result = await invokeOperation({
            operationId,
            host: connection.host,
            token: connection.token,
            params: runnerParameters(parameters),
            connectorDir: connection.connectorDir,
            allowHttp,
            maxRetries: 0,
        });
        if (result.status === 0) throw new Error(`${operationId}: ${result.error ?? "no answer"}`);
        return { statusCode: result.status, body: asFlowValue(result.body) };
    };
}
