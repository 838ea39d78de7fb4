/**
 * JSON that keeps Databricks' int64 IDs exact. JSON.parse turns 9007199254740993 into
 * 9007199254740992; here an integer outside Number's safe range becomes a bigint, and
 * stringifyExact writes a bigint back as its digits. Everything else is plain JSON.
 */

export type ExactJson = string | number | bigint | boolean | null | ExactJson[] | { [key: string]: ExactJson };

export function parseExact(text: string): ExactJson {
    const parser = new Parser(text);
    parser.whitespace();
    const value = parser.value(0);
    parser.whitespace();
    if (parser.position !== text.length) parser.fail("Unexpected text after the JSON value");
    return value;
}

/** Like JSON.stringify (objects, arrays, indentation; undefined members left out), with bigints as digits. */
export function stringifyExact(value: unknown, indent = 0): string {
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

const MAX_DEPTH = 512;

class Parser {
    position = 0;

    constructor(private readonly text: string) {}

    fail(message: string): never {
        throw new SyntaxError(`${message} at position ${this.position} of the JSON text`);
    }

    whitespace(): void {
        while (this.position < this.text.length && " \t\n\r".includes(this.text[this.position])) this.position += 1;
    }

    value(depth: number): ExactJson {
        if (depth > MAX_DEPTH) this.fail("JSON nested too deeply");
        const next = this.text[this.position];
        if (next === "{") return this.object(depth);
        if (next === "[") return this.array(depth);
        if (next === '"') return this.string();
        if (next === "-" || (next >= "0" && next <= "9")) return this.number();
        for (const [word, result] of [["true", true], ["false", false], ["null", null]] as const) {
            if (this.text.startsWith(word, this.position)) {
                this.position += word.length;
                return result;
            }
        }
        return this.fail(next === undefined ? "Unexpected end of JSON" : `Unexpected character ${JSON.stringify(next)}`);
    }

    private object(depth: number): ExactJson {
        const result: Record<string, ExactJson> = {};
        this.position += 1;
        this.whitespace();
        if (this.text[this.position] === "}") {
            this.position += 1;
            return result;
        }
        for (;;) {
            this.whitespace();
            if (this.text[this.position] !== '"') this.fail("Expected a property name");
            const key = this.string();
            this.whitespace();
            if (this.text[this.position] !== ":") this.fail("Expected ':'");
            this.position += 1;
            this.whitespace();
            // Defined as an own property, so "__proto__" stays data as in JSON.parse.
            Object.defineProperty(result, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
            this.whitespace();
            const next = this.text[this.position];
            this.position += 1;
            if (next === "}") return result;
            if (next !== ",") {
                this.position -= 1;
                this.fail("Expected ',' or '}'");
            }
        }
    }

    private array(depth: number): ExactJson {
        const result: ExactJson[] = [];
        this.position += 1;
        this.whitespace();
        if (this.text[this.position] === "]") {
            this.position += 1;
            return result;
        }
        for (;;) {
            this.whitespace();
            result.push(this.value(depth + 1));
            this.whitespace();
            const next = this.text[this.position];
            this.position += 1;
            if (next === "]") return result;
            if (next !== ",") {
                this.position -= 1;
                this.fail("Expected ',' or ']'");
            }
        }
    }

    private string(): string {
        const start = this.position;
        this.position += 1;
        for (;;) {
            const char = this.text[this.position];
            if (char === undefined) this.fail("Unterminated string");
            if (char === '"') break;
            if (char < " ") this.fail("Control character in string");
            if (char === "\\") {
                const escaped = this.text[this.position + 1];
                if (escaped === "u") {
                    if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) this.fail("Bad \\u escape");
                    this.position += 6;
                    continue;
                }
                if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) this.fail("Bad escape");
                this.position += 2;
                continue;
            }
            this.position += 1;
        }
        this.position += 1;
        return JSON.parse(this.text.slice(start, this.position)) as string;
    }

    private number(): number | bigint {
        const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.position, this.position + 400));
        if (!match) return this.fail("Bad number");
        this.position += match[0].length;
        const isInteger = match[2] === undefined && match[3] === undefined;
        if (isInteger) {
            const exact = BigInt(match[0]);
            return jsonInteger(exact);
        }
        return Number(match[0]);
    }
}
