import { bodyParameterOf, OperationEntry, operationsOf } from "../../connector/model/swaggerModel";
import { ConnectorDefinition, RunnerInputError } from "./connectorDefinition";

/**
 * The way back from a request to the operation: Logic Apps' ApiConnection action names no
 * operationId, only a method and a path relative to the API (the swagger's paths, each `{name}`
 * filled in), with its queries and body. The runner takes parameters by name, so the request
 * becomes the operation's id and its parameters.
 */

export interface OperationMatch {
    entry: OperationEntry;
    /** The path parameters the path gives, by name, decoded. */
    pathParameters: Record<string, string>;
}

const segmentsOf = (path: string) => path.replace(/^\/+|\/+$/g, "").split("/");

function matchPath(template: string, path: string): Record<string, string> | undefined {
    const wanted = segmentsOf(template);
    const given = segmentsOf(path);
    if (wanted.length !== given.length) return undefined;
    const parameters: Record<string, string> = {};
    for (const [index, segment] of wanted.entries()) {
        const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
        if (name === undefined) {
            if (segment !== given[index]) return undefined;
        } else {
            if (given[index] === "") return undefined;
            try {
                parameters[name] = decodeURIComponent(given[index]);
            } catch {
                return undefined;
            }
        }
    }
    return parameters;
}

/** The operation whose method and path template the request has, with the path parameters it gives; undefined when none. */
export function findOperationByRequest(
    definition: ConnectorDefinition,
    method: string,
    path: string,
): OperationMatch | undefined {
    const basePath = (definition.document.basePath ?? "/").replace(/\/$/, "");
    const relative = basePath !== "" && path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : path;
    for (const entry of operationsOf(definition.document)) {
        if (entry.method.toUpperCase() !== method.toUpperCase()) continue;
        const pathParameters = matchPath(entry.path, relative);
        if (pathParameters !== undefined) return { entry, pathParameters };
    }
    return undefined;
}

/** What an ApiConnection request asks of the connector: its operation and the runner's parameters by name. */
export interface OperationRequest {
    operationId: string;
    params: Record<string, unknown>;
}

/**
 * The operation and parameters for `method path` with these queries and body: path parameters from
 * the path, query parameters by name, the body whole under the body parameter's name. An unknown
 * method and path throws a RunnerInputError that names them and lists the connector's.
 */
export function operationForRequest(
    definition: ConnectorDefinition,
    request: { method: string; path: string; queries?: Record<string, unknown>; body?: unknown },
): OperationRequest {
    const match = findOperationByRequest(definition, request.method, request.path);
    if (match === undefined) {
        const known = operationsOf(definition.document).map(
            (entry) => `${entry.method.toUpperCase()} ${entry.path} (${entry.operation.operationId ?? "no id"})`,
        );
        throw new RunnerInputError(
            `No operation of the connector answers ${request.method.toUpperCase()} ${request.path}. It has: ${known.join(", ")}.`,
        );
    }
    const { entry, pathParameters } = match;
    const operationId = entry.operation.operationId ?? `${entry.method.toUpperCase()} ${entry.path}`;
    const params: Record<string, unknown> = { ...pathParameters };
    for (const [name, value] of Object.entries(request.queries ?? {})) {
        if (name in pathParameters)
            throw new RunnerInputError(`${operationId}: ${name} is a path parameter, not a query.`);
        params[name] = value;
    }
    if (request.body !== undefined) {
        const bodyParameter = bodyParameterOf(entry.operation);
        if (bodyParameter === undefined)
            throw new RunnerInputError(
                `${operationId} (${entry.method.toUpperCase()} ${entry.path}) takes no body, but the request has one.`,
            );
        params[bodyParameter.name] = request.body;
    }
    return { operationId, params };
}
