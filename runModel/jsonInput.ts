export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses a maker's JSON property; blank text is `undefined` (the property is not set). */
export function parseJsonInput(text: string | null | undefined): JsonParseResult {
    if (text === null || text === undefined || text.trim() === "") {
        return { ok: true, value: undefined };
    }
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type JsonTypeName = "object" | "array" | "string" | "number" | "boolean" | "null";

/** A JSON value's type, for messages that say what was found instead of what was expected. */
export function describeJsonType(value: unknown): { jsonType: JsonTypeName } {
    if (value === null) return { jsonType: "null" };
    if (Array.isArray(value)) return { jsonType: "array" };
    return { jsonType: typeof value as JsonTypeName };
}
