import { pointerOf } from "../../common/jsonPointer";
import { isObject } from "../../common/objects";
import { problem, Problem } from "../../connector/model/problem";
import { operationsOf, OperationEntry, resolveRef, SwaggerDocument } from "../../connector/model/swaggerModel";
import { ExpressionNode, parseExpression } from "../../standIns/workflowEngine";
import { isWholeExpression } from "../../standIns/workflowEngine/expressions/templates";
import { unescapeArmLiteral, unescapeArmLiterals } from "../template/armExpressions";
import { PARAMETER, parameterRef } from "../template/armTemplate";
import { logicAppsSwagger } from "../template/customApi";
import { CONNECTION_NAME_EXPRESSION } from "../template/apiConnectionAction";
import { apiConnectionActions } from "./workflowChecks";

/**
 * The template against the connector: its swagger is the connector's apart from the host and the
 * documented script-only parts, and each ApiConnection action calls an operation of that swagger
 * (method and path) with every required parameter and no parameter the operation lacks.
 */

/** Pointers where two JSON values differ (a key on one side only, or another value). */
export function jsonDifferences(expected: unknown, actual: unknown, pointer = ""): string[] {
    if (isObject(expected) && isObject(actual)) {
        const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
        return keys.flatMap((key) =>
            key in expected && key in actual
                ? jsonDifferences(expected[key], actual[key], `${pointer}${pointerOf(key)}`)
                : [`${pointer}${pointerOf(key)}`],
        );
    }
    if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length)
        return expected.flatMap((item, index) => jsonDifferences(item, actual[index], `${pointer}/${index}`));
    return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [pointer];
}

export function checkSwaggerMatchesConnector(
    templateSwagger: unknown,
    connectorSwagger: SwaggerDocument,
    pointer: string,
    file: string,
): Problem[] {
    if (!isObject(templateSwagger)) return [problem(file, pointer, "swagger", "the custom API has no inline swagger")];
    const problems: Problem[] = [];
    if (templateSwagger.host !== parameterRef(PARAMETER.workspaceHost))
        problems.push(
            problem(
                file,
                `${pointer}/host`,
                "swagger-host",
                `the host must be ${parameterRef(PARAMETER.workspaceHost)}`,
            ),
        );
    const allowed = logicAppsSwagger(connectorSwagger).differences.map((difference) => difference.pointer);
    const covered = (where: string) =>
        allowed.some((allowedPointer) => where === allowedPointer || where.startsWith(`${allowedPointer}/`));
    for (const where of jsonDifferences(connectorSwagger, unescapeArmLiterals(templateSwagger))) {
        if (!covered(where))
            problems.push(
                problem(
                    file,
                    `${pointer}${where}`,
                    "swagger-matches-connector",
                    "differs from connector/apiDefinition.swagger.json",
                ),
            );
    }
    return problems;
}

const PATH_PARAMETER = /^\{[^}]+\}$/;

/** The operation whose method and path template match an ApiConnection's; "@{...}" fills a path parameter. */
function findByMethodAndPath(swagger: SwaggerDocument, method: string, path: string): OperationEntry | undefined {
    const segmentsOf = (text: string) => text.replace(/@\{[^}]*\}/g, "\u0000").split("/");
    return operationsOf(swagger).find((entry) => {
        if (entry.method !== method.toLowerCase()) return false;
        const expected = entry.path.split("/");
        const actual = segmentsOf(path);
        return (
            expected.length === actual.length &&
            expected.every((segment, index) =>
                PATH_PARAMETER.test(segment) ? actual[index] !== "" : segment === actual[index],
            )
        );
    });
}

/** The properties an object body gives: its keys, or for an expression the keys it adds with addProperty/setProperty. */
function bodyFields(body: unknown): Set<string> | undefined {
    if (isObject(body)) return new Set(Object.keys(body));
    if (typeof body !== "string" || !isWholeExpression(body)) return undefined;
    const found = new Set<string>();
    const visit = (node: ExpressionNode) => {
        if (node.kind === "call") {
            const key = node.args[1];
            if (["addproperty", "setproperty"].includes(node.name.toLowerCase()) && key?.kind === "literal")
                found.add(String(key.value));
            node.args.forEach(visit);
        } else if (node.kind === "access") {
            visit(node.target);
        }
    };
    try {
        visit(parseExpression(body.slice(1)));
    } catch {
        return undefined;
    }
    return found;
}

export function checkApiConnections(
    definition: unknown,
    swagger: SwaggerDocument,
    pointer: string,
    file: string,
): Problem[] {
    const actions = isObject(definition) ? definition.actions : undefined;
    return apiConnectionActions(actions, `${pointer}/actions`).flatMap(({ name, pointer: at, action }) => {
        const inputs = isObject(action.inputs) ? action.inputs : {};
        const report = (where: string, rule: string, message: string) =>
            problem(file, `${at}${where}`, rule, `${name}: ${message}`);
        const problems: Problem[] = [];
        const host =
            isObject(inputs.host) && isObject(inputs.host.connection) ? inputs.host.connection.name : undefined;
        if (host !== CONNECTION_NAME_EXPRESSION)
            problems.push(
                report(
                    "/inputs/host/connection/name",
                    "api-connection",
                    `the connection must be ${CONNECTION_NAME_EXPRESSION}`,
                ),
            );
        const method = String(inputs.method ?? "");
        const path = unescapeArmLiteral(String(inputs.path ?? ""));
        if (/\{[^}]*\}/.test(path.replace(/@\{[^}]*\}/g, "")))
            problems.push(
                report("/inputs/path", "api-connection-required", `${path} leaves a path parameter unfilled`),
            );
        const entry = findByMethodAndPath(swagger, method, path);
        if (entry === undefined) {
            problems.push(
                report(
                    "/inputs/path",
                    "api-connection-path",
                    `${method.toUpperCase()} ${path} is no operation of the custom API's swagger`,
                ),
            );
            return problems;
        }
        const queries = isObject(inputs.queries) ? inputs.queries : {};
        const headers = isObject(inputs.headers) ? inputs.headers : {};
        const declared = entry.operation.parameters ?? [];
        for (const parameter of declared) {
            if (!parameter.required) continue;
            const given =
                parameter.in === "query"
                    ? parameter.name in queries
                    : parameter.in === "header"
                      ? parameter.name in headers
                      : parameter.in === "body"
                        ? inputs.body !== undefined
                        : true;
            if (!given)
                problems.push(
                    report(
                        `/inputs/${parameter.in === "body" ? "body" : parameter.in === "query" ? "queries" : "headers"}`,
                        "api-connection-required",
                        `${entry.operation.operationId} requires the ${parameter.in} parameter "${parameter.name}"`,
                    ),
                );
        }
        for (const key of Object.keys(queries)) {
            if (!declared.some((parameter) => parameter.in === "query" && parameter.name === key))
                problems.push(
                    report(
                        `/inputs/queries${pointerOf(key)}`,
                        "api-connection-parameter",
                        `${entry.operation.operationId} has no query parameter "${key}"`,
                    ),
                );
        }
        const bodyParameter = declared.find((parameter) => parameter.in === "body");
        const fields = bodyFields(inputs.body);
        if (bodyParameter && fields) {
            const schema = resolveRef(swagger, bodyParameter.schema ?? {});
            for (const required of Array.isArray(schema.required) ? schema.required : []) {
                if (!fields.has(required))
                    problems.push(
                        report(
                            "/inputs/body",
                            "api-connection-required",
                            `${entry.operation.operationId} requires the body field "${required}"`,
                        ),
                    );
            }
            for (const field of fields) {
                if (schema.properties && !(field in schema.properties))
                    problems.push(
                        report(
                            "/inputs/body",
                            "api-connection-parameter",
                            `${entry.operation.operationId}'s body has no field "${field}"`,
                        ),
                    );
            }
        }
        return problems;
    });
}
