import { isInteger, parse } from "lossless-json";
import { pointerOf } from "./jsonPointer";

/**
 * JSON that keeps Databricks' int64 IDs exact. JSON.parse turns 9007199254740993 into
 * 9007199254740992; here an integer outside Number's safe range becomes a bigint, and
 * stringifyExact writes a bigint back as its digits. Everything else is plain JSON, read by
 * lossless-json with JSON.parse's rules ("__proto__" stays data; a repeated key keeps its last value).
 * This module is the project's one door to lossless-json.
 */

export type ExactJson = string | number | bigint | boolean | null | ExactJson[] | { [key: string]: ExactJson };

export function parseExact(text: string): ExactJson {
    let value: ExactJson;
    try {
        value = parse(text, null, {
            parseNumber: exactNumber,
            // lossless-json throws on a repeated key with another value; JSON.parse keeps the last one.
            onDuplicateKey: ({ newValue }) => newValue,
        }) as ExactJson;
    } catch (error) {
        // lossless-json recurses, so text nested thousands deep overflows the stack before checkDepth runs.
        if (error instanceof RangeError) throw new SyntaxError("JSON nested too deeply");
        throw error;
    }
    checkDepth(value, 0);
    return value;
}

/**
 * Refuses a value read with JSON.parse that holds an integer beyond 2^53: JSON.parse has already
 * rounded it, and writing it back would change it. The message names the file and the JSON Pointer.
 */
export function assertExactNumbers(value: unknown, file: string, toError: (message: string) => Error): void {
    const found = findInexactInteger(value, []);
    if (found) {
        throw toError(
            `${file}#${pointerOf(...found.path)}: the integer ${found.value} is beyond 2^53 and would change when re-serialized; write it as a string.`,
        );
    }
}

/** Like JSON.stringify (objects, arrays, indentation; undefined members left out), with bigints as digits. */
export function stringifyExact(value: unknown, indent = 0): string {
    // Not lossless-json's stringify: indented, it writes an object whose members are all undefined as "{\n\n}", where JSON.stringify writes "{}".
    return write(value, indent, "") ?? "null";
}

/** A copy with every bigint turned into a Number: for checks that only look at types. */
export function toPlainJson(value: unknown): unknown {
    if (typeof value === "bigint") return Number(value);
    if (Array.isArray(value)) return value.map(toPlainJson);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainJson(item)]));
    }
    return value;
}

/** An integer as JSON carries it: a Number when that is exact, a bigint otherwise. */
export function jsonInteger(value: bigint): number | bigint {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function write(value: unknown, indent: number, current: string): string | undefined {
    if (value === null) return "null";
    switch (typeof value) {
        case "bigint":
            return value.toString();
        case "number":
            return Number.isFinite(value) ? JSON.stringify(value) : "null";
        case "string":
        case "boolean":
            return JSON.stringify(value);
        case "undefined":
        case "function":
        case "symbol":
            return undefined;
        default:
            break;
    }
    const inner = current + " ".repeat(indent);
    const open = indent > 0 ? `\n${inner}` : "";
    const close = indent > 0 ? `\n${current}` : "";
    const separator = indent > 0 ? `,\n${inner}` : ",";
    if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        return `[${open}${value.map((item) => write(item, indent, inner) ?? "null").join(separator)}${close}]`;
    }
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === "function") return write(withToJson.toJSON(), indent, current);
    const members = Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
        const written = write(item, indent, inner);
        return written === undefined ? [] : [`${JSON.stringify(key)}:${indent > 0 ? " " : ""}${written}`];
    });
    if (members.length === 0) return "{}";
    return `{${open}${members.join(separator)}${close}}`;
}

// Request bodies reach the emulator and the runner from any local process: deeper nesting and
// longer numbers than any real payload are refused rather than worked through.
const MAX_DEPTH = 512;
const MAX_NUMBER_LENGTH = 400;

function exactNumber(literal: string): number | bigint {
    if (literal.length > MAX_NUMBER_LENGTH)
        throw new SyntaxError(`Number ${literal.slice(0, 20)}... is longer than ${MAX_NUMBER_LENGTH} characters`);
    return isInteger(literal) ? jsonInteger(BigInt(literal)) : Number(literal);
}

function checkDepth(value: ExactJson, depth: number): void {
    if (depth > MAX_DEPTH) throw new SyntaxError("JSON nested too deeply");
    if (value !== null && typeof value === "object")
        for (const item of Object.values(value)) checkDepth(item, depth + 1);
}

function findInexactInteger(value: unknown, path: string[]): { path: string[]; value: number } | undefined {
    if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) return { path, value };
    if (value === null || typeof value !== "object") return undefined;
    for (const [key, child] of Object.entries(value)) {
        const found = findInexactInteger(child, [...path, key]);
        if (found) return found;
    }
    return undefined;
}
