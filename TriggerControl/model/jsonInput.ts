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

export function describeJsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}
