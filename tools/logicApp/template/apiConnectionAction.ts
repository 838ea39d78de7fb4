import { pointerOf } from "../../common/jsonPointer";
import { isObject } from "../../common/objects";
import { RUN_NOW_OPERATION_ID } from "../../connector/customCode/scriptRules";
import {
    bodyParameterOf,
    findOperation,
    resolveRef,
    Schema,
    SwaggerDocument,
} from "../../connector/model/swaggerModel";
import { WORKFLOW } from "./armTemplate";
import { SCRIPT_ONLY } from "./customApi";
import { TemplateGenerationError } from "./errors";
import { templateToExpression } from "./expressionText";
import { runNowBody } from "./runNowBody";

/**
 * One Power Automate connector call (OpenApiConnection: host.operationId and parameters keyed by the
 * swagger's parameter names, "body/<field>" for a body field) as Logic Apps writes it (ApiConnection:
 * the connection from $connections, method, path, queries, headers and body). Each parameter goes
 * where the swagger's operation declares it.
 */

export interface ConversionContext {
    file: string;
    swagger: SwaggerDocument;
    /** The flow's connection names (connectionReferences keys) that refer to the connector. */
    connectionNames: ReadonlySet<string>;
}

/** The expression ApiConnection actions name their connection with. */
export const CONNECTION_NAME_EXPRESSION = `@parameters('$connections')['${WORKFLOW.connectionKey}']['connectionId']`;

/** Action fields that mean the same in both products and are kept as they are. */
const KEPT_ACTION_FIELDS = [
    "runAfter",
    "description",
    "limit",
    "operationOptions",
    "runtimeConfiguration",
    "trackedProperties",
];
/** Input fields of OpenApiConnection that are not the call itself and mean the same in ApiConnection. */
const KEPT_INPUT_FIELDS = ["retryPolicy"];

interface PlacedParameters {
    queries: Record<string, unknown>;
    headers: Record<string, unknown>;
    pathValues: Record<string, unknown>;
    body: unknown;
}

export function convertConnectorAction(
    action: Record<string, unknown>,
    pointer: string,
    context: ConversionContext,
): Record<string, unknown> {
    const fail = (where: string, reason: string) =>
        new TemplateGenerationError(context.file, `${pointer}${where}`, reason);
    const inputs = isObject(action.inputs) ? action.inputs : {};
    const host = isObject(inputs.host) ? inputs.host : {};
    const connectionName = String(host.connectionName ?? "");
    if (!context.connectionNames.has(connectionName))
        throw fail(
            "/inputs/host/connectionName",
            `the action calls the connection "${connectionName}", which is not the Databricks Jobs connector's`,
        );
    const operationId = String(host.operationId ?? "");
    const entry = findOperation(context.swagger, operationId);
    if (entry === undefined) throw fail("/inputs/host/operationId", `the connector has no operation "${operationId}"`);
    if (SCRIPT_ONLY.operations.includes(operationId))
        throw fail("/inputs/host/operationId", `${operationId} is answered by script.csx, which Logic Apps cannot run`);

    const parameters = isObject(inputs.parameters) ? inputs.parameters : {};
    const placed = placeParameters(parameters, entry.operation.parameters ?? [], context.swagger, (key, reason) =>
        fail(pointerOf("inputs", "parameters", key), reason),
    );
    const path = entry.path.replace(/\{([^}]+)\}/g, (whole, name: string) =>
        name in placed.pathValues ? `@{encodeUriComponent(${templateToExpression(placed.pathValues[name])})}` : whole,
    );
    const body = operationId === RUN_NOW_OPERATION_ID && isObject(placed.body) ? runNowBody(placed.body) : placed.body;
    const converted: Record<string, unknown> = { type: "ApiConnection" };
    for (const field of KEPT_ACTION_FIELDS) if (field in action) converted[field] = action[field];
    converted.inputs = {
        host: { connection: { name: CONNECTION_NAME_EXPRESSION } },
        method: entry.method,
        path,
        ...(Object.keys(placed.queries).length > 0 ? { queries: placed.queries } : {}),
        ...(Object.keys(placed.headers).length > 0 ? { headers: placed.headers } : {}),
        ...(body !== undefined ? { body } : {}),
        ...Object.fromEntries(
            KEPT_INPUT_FIELDS.filter((field) => field in inputs).map((field) => [field, inputs[field]]),
        ),
    };
    return converted;
}

function placeParameters(
    parameters: Record<string, unknown>,
    declared: NonNullable<ReturnType<typeof bodyParameterOf>>[],
    swagger: SwaggerDocument,
    fail: (key: string, reason: string) => TemplateGenerationError,
): PlacedParameters {
    const placed: PlacedParameters = { queries: {}, headers: {}, pathValues: {}, body: undefined };
    const bodyParameter = declared.find((parameter) => parameter.in === "body");
    for (const [key, value] of Object.entries(parameters)) {
        if (bodyParameter && key.startsWith(`${bodyParameter.name}/`)) {
            const fieldPath = key.slice(bodyParameter.name.length + 1).split("/");
            checkBodyField(swagger, bodyParameter.schema ?? {}, fieldPath, (reason) => fail(key, reason));
            placed.body = setIn(isObject(placed.body) ? placed.body : {}, fieldPath, value);
            continue;
        }
        const parameter = declared.find((candidate) => candidate.name === key);
        if (parameter === undefined) throw fail(key, `the operation has no parameter "${key}"`);
        if (parameter.in === "body") placed.body = value;
        else if (parameter.in === "query") placed.queries[key] = value;
        else if (parameter.in === "header") placed.headers[key] = value;
        else if (parameter.in === "path") placed.pathValues[key] = value;
        else throw fail(key, `the parameter "${key}" is sent in ${parameter.in}, which ApiConnection has no place for`);
    }
    return placed;
}

function checkBodyField(
    swagger: SwaggerDocument,
    schema: Schema,
    path: string[],
    fail: (reason: string) => Error,
): void {
    let current = resolveRef(swagger, schema);
    for (const name of path) {
        const property = current.properties?.[name];
        if (property === undefined) throw fail(`the operation's body has no field "${path.join("/")}"`);
        current = resolveRef(swagger, property);
    }
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
    const [head, ...rest] = path;
    if (rest.length === 0) return { ...target, [head]: value };
    const child = isObject(target[head]) ? (target[head] as Record<string, unknown>) : {};
    return { ...target, [head]: setIn(child, rest, value) };
}
