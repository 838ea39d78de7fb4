import {
    bodyParameterOf,
    OperationEntry,
    Parameter,
    requiredProperties,
    resolveRef,
    Schema,
    SwaggerDocument,
} from "../../connector/model/swaggerModel";
import { ExactJson, jsonInteger, parseExact, stringifyExact } from "../../common/exactJson";
import { RunnerInputError } from "./connectorDefinition";
import { formatMismatches, SchemaChecker } from "./schemaCheck";

/**
 * The HTTP request for one operation, built from the caller's parameters as Power Platform builds
 * it from a connector action's inputs: path, query and header parameters by name, the body's
 * fields as parameters of their own (as Power Fx and the flow designer show them), defaults
 * filled in, required ones enforced, and values converted to the declared types.
 */

export interface BuiltRequest {
    method: string;
    /** Path with the path parameters in it, and the query string. */
    pathAndQuery: string;
    /** The JSON body as text (exact for int64), when the operation has one. */
    body?: string;
}

export function buildRequest(
    document: SwaggerDocument,
    entry: OperationEntry,
    params: Record<string, unknown>,
    checker: SchemaChecker,
): BuiltRequest {
    const { operation } = entry;
    const operationId = operation.operationId ?? entry.path;
    const declared = operation.parameters ?? [];
    const bodyParameter = bodyParameterOf(operation);
    const bodySchema = bodyParameter?.schema ? resolveRef(document, bodyParameter.schema) : undefined;
    const bodyFields = Object.keys(bodySchema?.properties ?? {});

    const known = new Set([
        ...declared.filter((parameter) => parameter.in !== "body").map((parameter) => parameter.name),
        ...bodyFields,
    ]);
    if (bodyParameter) known.add(bodyParameter.name);
    const unknown = Object.keys(params).filter((name) => !known.has(name));
    if (unknown.length > 0) {
        throw new RunnerInputError(
            `Unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for ${operationId}. It takes: ${[...known].join(", ") || "no parameters"}.`,
        );
    }

    let path = entry.path;
    const query = new URLSearchParams();
    for (const parameter of declared.filter((candidate) => candidate.in !== "body")) {
        const given = params[parameter.name];
        const value = given === undefined || given === null || given === "" ? parameter.default : given;
        if (value === undefined) {
            if (parameter.required) throw missing(parameter.name, parameter.in, operationId);
            continue;
        }
        const converted = convertValue(value, parameter, `${parameter.name} (${parameter.in})`);
        const text = typeof converted === "string" ? converted : stringifyExact(converted);
        if (parameter.in === "path") {
            path = path.replace(`{${parameter.name}}`, encodeURIComponent(text));
        } else if (parameter.in === "query") {
            query.set(parameter.name, text);
        } else {
            throw new RunnerInputError(
                `Parameter ${parameter.name} is in ${parameter.in}, which the runner does not send.`,
            );
        }
    }

    let body: string | undefined;
    if (bodyParameter && bodySchema) {
        const object = bodyFromParams(bodyParameter, bodySchema, params, document, operationId);
        if (object === undefined) {
            if (bodyParameter.required) throw missing(bodyParameter.name, "body", operationId);
        } else {
            const mismatches = checker.check(bodyParameter.schema as Schema, object);
            if (mismatches.length > 0) {
                throw new RunnerInputError(
                    `The request body of ${operationId} does not match the connector's definition: ${formatMismatches(mismatches)}`,
                );
            }
            body = stringifyExact(object);
        }
    }
    const search = query.toString();
    return { method: entry.method.toUpperCase(), pathAndQuery: search ? `${path}?${search}` : path, body };
}

function bodyFromParams(
    bodyParameter: Parameter,
    schema: Schema,
    params: Record<string, unknown>,
    document: SwaggerDocument,
    operationId: string,
): Record<string, ExactJson> | undefined {
    const whole = params[bodyParameter.name];
    const fields = Object.entries(schema.properties ?? {});
    const givenFields = fields.filter(([name]) => params[name] !== undefined && params[name] !== null);
    if (whole !== undefined && givenFields.length > 0) {
        throw new RunnerInputError(
            `Give the body of ${operationId} either whole (${bodyParameter.name}) or by its fields, not both.`,
        );
    }
    let object: Record<string, ExactJson>;
    if (whole !== undefined) {
        const parsed = toJson(whole, `${bodyParameter.name} (body)`);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new RunnerInputError(`${bodyParameter.name} of ${operationId} must be a JSON object.`);
        }
        object = parsed;
    } else {
        object = {};
        for (const [name, property] of givenFields) {
            object[name] = convertValue(params[name], resolveRef(document, property), `${name} (body)`);
        }
    }
    // Defaults the platform fills in (every field with a default, internal ones included).
    for (const [name, property] of fields) {
        const resolved = resolveRef(document, property);
        if (object[name] === undefined && resolved.default !== undefined) object[name] = resolved.default as ExactJson;
    }
    for (const name of requiredProperties(schema)) {
        if (object[name] === undefined || object[name] === null) throw missing(name, "body", operationId);
    }
    return object;
}

function missing(name: string, location: string, operationId: string): RunnerInputError {
    return new RunnerInputError(`Missing required parameter ${name} (${location}) of ${operationId}.`);
}

/** A caller's value as the type the definition declares; text from the command line is parsed. */
export function convertValue(value: unknown, schema: Schema, label: string): ExactJson {
    const type = schema.type;
    let converted: ExactJson;
    switch (type) {
        case "integer":
            converted = toInteger(value, schema, label);
            break;
        case "number": {
            const number =
                typeof value === "number"
                    ? value
                    : typeof value === "string" && value.trim() !== ""
                      ? Number(value)
                      : NaN;
            if (!Number.isFinite(number))
                throw new RunnerInputError(`${label} must be a number, not ${describe(value)}.`);
            converted = number;
            break;
        }
        case "boolean":
            if (typeof value === "boolean") converted = value;
            else if (typeof value === "string" && /^(true|false)$/i.test(value.trim()))
                converted = value.trim().toLowerCase() === "true";
            else throw new RunnerInputError(`${label} must be true or false, not ${describe(value)}.`);
            break;
        case "string":
            if (typeof value === "string") converted = value;
            else if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
                converted = String(value);
            else throw new RunnerInputError(`${label} must be text, not ${describe(value)}.`);
            break;
        case "object":
        case "array": {
            const parsed = toJson(value, label);
            const isArray = Array.isArray(parsed);
            if ((type === "array") !== isArray || parsed === null || typeof parsed !== "object") {
                throw new RunnerInputError(`${label} must be a JSON ${type}, not ${describe(parsed)}.`);
            }
            converted = parsed;
            break;
        }
        default:
            converted = toJson(value, label);
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(converted as never)) {
        throw new RunnerInputError(
            `${label} must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}, not ${describe(converted)}.`,
        );
    }
    if (typeof converted === "string") {
        const pattern = schema.pattern;
        if (typeof pattern === "string" && !new RegExp(pattern).test(converted)) {
            throw new RunnerInputError(`${label} must match ${pattern}, but it is ${JSON.stringify(converted)}.`);
        }
        const maxLength = schema.maxLength;
        if (typeof maxLength === "number" && [...converted].length > maxLength) {
            throw new RunnerInputError(`${label} must be at most ${maxLength} characters long.`);
        }
    }
    return converted;
}

const INT32 = { min: -2147483648n, max: 2147483647n };
const INT64 = { min: -9223372036854775808n, max: 9223372036854775807n };

/** An integer, exact: a bigint or digits keep an int64 ID above 2^53 as it is. */
function toInteger(value: unknown, schema: Schema, label: string): number | bigint {
    let exact: bigint;
    if (typeof value === "bigint") exact = value;
    else if (typeof value === "number") {
        if (!Number.isInteger(value)) throw new RunnerInputError(`${label} must be a whole number, not ${value}.`);
        if (!Number.isSafeInteger(value)) {
            throw new RunnerInputError(
                `${label} is above 2^53 and lost its exact value as a JavaScript number; give it as text or a bigint.`,
            );
        }
        exact = BigInt(value);
    } else if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) exact = BigInt(value.trim());
    else throw new RunnerInputError(`${label} must be a whole number, not ${describe(value)}.`);
    const range = schema.format === "int32" ? INT32 : INT64;
    if (exact < range.min || exact > range.max)
        throw new RunnerInputError(`${label} is out of the ${schema.format ?? "int64"} range.`);
    const minimum = schema.minimum;
    const maximum = schema.maximum;
    if (typeof minimum === "number" && exact < BigInt(minimum))
        throw new RunnerInputError(`${label} must be at least ${minimum}, not ${exact}.`);
    if (typeof maximum === "number" && exact > BigInt(maximum))
        throw new RunnerInputError(`${label} must be at most ${maximum}, not ${exact}.`);
    return jsonInteger(exact);
}

function toJson(value: unknown, label: string): ExactJson {
    if (typeof value === "string") {
        try {
            return parseExact(value);
        } catch (error) {
            throw new RunnerInputError(`${label} must be JSON text: ${(error as Error).message}.`);
        }
    }
    return value as ExactJson;
}

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return JSON.stringify(value);
    return String(value);
}
