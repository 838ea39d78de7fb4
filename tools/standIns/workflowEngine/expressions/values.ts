/** The values of the Workflow Definition Language: JSON. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/**
 * An expression that cannot be evaluated. The action that holds it fails with the code
 * `InvalidTemplate`, as on the platform; the run goes on.
 */
export class ExpressionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ExpressionError";
    }
}

export function typeName(value: Value): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

export function deepEqual(a: Value, b: Value): boolean {
    return JSON.stringify(a) === JSON.stringify(b) && typeName(a) === typeName(b);
}

/** A value as text, as string() and "@{...}" interpolation write it: booleans as True and False, objects and arrays as JSON. */
export function stringOf(value: Value): string {
    if (value === null) throw new ExpressionError("string() of null");
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    if (typeof value === "boolean") return value ? "True" : "False";
    return JSON.stringify(value);
}
