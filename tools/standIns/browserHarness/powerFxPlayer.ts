import { stringifyExact } from "../../common/exactJson";
import { isObject } from "../../common/objects";

/**
 * Plays the part of Power Fx that the control's formulas use, with canvas apps' semantics where
 * they decide whether an error is seen:
 * - a behaviour formula `A; B` runs A, then B, whatever A gave: the scope of an error is each
 *   chained formula, so an error of A is not B's, and the chain's value is B's;
 * - IfError(Value1, Fallback1, Value2, Fallback2, …, DefaultResult) evaluates each Value in order;
 *   the first that is an error runs its Fallback (with FirstError) and stops; with no error it
 *   gives DefaultResult, or the last Value when there is none (Microsoft's IfError reference);
 * - errors are values: a function given an error gives that error, and Set stores it.
 * Anything else (operators, other functions) is refused by name, so a formula the player cannot
 * play fails its test instead of being played wrongly.
 */

export class FxError {
    constructor(readonly message: string) {}
}

export type FxValue =
    undefined | string | number | bigint | boolean | FxError | FxValue[] | { [field: string]: FxValue };

export interface FxHost {
    /** `Self.<name>`: the control's input or output. */
    self(name: string): FxValue | Promise<FxValue>;
    /** `<connector>.<operation>(…)`: the call's answer, or an FxError with the connector's message. */
    call(connector: string, operation: string, args: FxValue[]): Promise<FxValue>;
}

type Node =
    | { kind: "chain"; items: Node[] }
    | { kind: "call"; name: string[]; args: Node[] }
    | { kind: "name"; path: string[] }
    | { kind: "field"; of: Node; name: string }
    | { kind: "literal"; value: FxValue }
    | { kind: "record"; fields: [string, Node][] };

export class PowerFxSyntaxError extends Error {}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"]|"")*"|'[^']*'|\d+(?:\.\d+)?|[A-Za-z_][\w]*|;|[(){},:.]|./gy;

function tokenize(formula: string): string[] {
    const tokens: string[] = [];
    TOKEN.lastIndex = 0;
    for (let match = TOKEN.exec(formula); match; match = TOKEN.exec(formula)) {
        if (!/^(\s|\/\/|\/\*)/.test(match[0])) tokens.push(match[0]);
    }
    return tokens;
}

class Parser {
    private position = 0;
    constructor(
        private readonly tokens: string[],
        private readonly formula: string,
    ) {}

    parseFormula(): Node {
        const node = this.chain();
        if (this.position < this.tokens.length) this.fail(`"${this.tokens[this.position]}" is not expected here`);
        return node;
    }

    private chain(): Node {
        const items = [this.expression()];
        while (this.accept(";")) {
            if (this.atEnd() || [")", ",", "}"].includes(this.peek())) break;
            items.push(this.expression());
        }
        return items.length === 1 ? items[0] : { kind: "chain", items };
    }

    private expression(): Node {
        let node = this.primary();
        while (this.accept(".")) node = { kind: "field", of: node, name: this.identifier() };
        return node;
    }

    private primary(): Node {
        const token = this.next();
        if (token.startsWith('"')) return { kind: "literal", value: token.slice(1, -1).replace(/""/g, '"') };
        if (/^\d/.test(token)) return { kind: "literal", value: Number(token) };
        if (token === "(") return this.closedBy(")", this.chain());
        if (token === "{") return this.record();
        if (!/^[A-Za-z_']/.test(token)) this.fail(`the player does not play "${token}"`);
        const path = [unquote(token)];
        while (this.peek() === "." && /^[A-Za-z_']/.test(this.tokens[this.position + 1] ?? "")) {
            this.position += 1;
            path.push(this.identifier());
        }
        if (!this.accept("(")) return { kind: "name", path };
        const args: Node[] = [];
        if (!this.accept(")")) {
            do args.push(this.chain());
            while (this.accept(","));
            this.expect(")");
        }
        return { kind: "call", name: path, args };
    }

    private record(): Node {
        const fields: [string, Node][] = [];
        if (this.accept("}")) return { kind: "record", fields };
        do {
            const name = this.identifier();
            this.expect(":");
            fields.push([name, this.chain()]);
        } while (this.accept(","));
        return this.closedBy("}", { kind: "record", fields });
    }

    private closedBy(close: string, node: Node): Node {
        this.expect(close);
        return node;
    }

    private identifier(): string {
        const token = this.next();
        if (!/^[A-Za-z_']/.test(token)) this.fail(`a name is expected, not "${token}"`);
        return unquote(token);
    }

    private peek(): string {
        return this.tokens[this.position] ?? "";
    }

    private atEnd(): boolean {
        return this.position >= this.tokens.length;
    }

    private next(): string {
        if (this.atEnd()) this.fail("the formula ends too early");
        return this.tokens[this.position++];
    }

    private accept(token: string): boolean {
        if (this.peek() !== token) return false;
        this.position += 1;
        return true;
    }

    private expect(token: string): void {
        if (this.accept(token)) return;
        const found = this.peek();
        if (/^[^\w"'(){},:.;]$/.test(found))
            this.fail(`the player does not play "${found}" (operators are not played)`);
        this.fail(`"${token}" is expected, not ${found ? `"${found}"` : "the end"}`);
    }

    private fail(message: string): never {
        throw new PowerFxSyntaxError(`${message} (token ${this.position + 1} of ${JSON.stringify(this.formula)})`);
    }
}

function unquote(token: string): string {
    return token.startsWith("'") ? token.slice(1, -1) : token;
}

export function parsePowerFx(formula: string): Node {
    return new Parser(tokenize(formula), formula).parseFormula();
}

const isError = (value: FxValue): value is FxError => value instanceof FxError;

export class PowerFxPlayer {
    /** Global variables, by name (Set). */
    readonly variables = new Map<string, FxValue>();
    /** Errors no IfError caught: what Studio would show the user in its error banner. */
    readonly unhandledErrors: string[] = [];

    /** `connectors`: the names the formulas call connectors by, such as DatabricksJobs. */
    constructor(
        private readonly host: FxHost,
        private readonly connectors: readonly string[],
    ) {}

    /** Runs a behaviour formula (an event's): an error left at the end of a chained formula is unhandled. */
    async run(formula: string): Promise<FxValue> {
        const result = await this.evaluate(parsePowerFx(formula), {});
        if (isError(result)) this.unhandledErrors.push(result.message);
        return result;
    }

    /** Evaluates a property's formula (an input's), such as `varRun_TriggerControl1`. */
    value(formula: string): Promise<FxValue> {
        return this.evaluate(parsePowerFx(formula), {});
    }

    private async evaluate(node: Node, scope: { firstError?: FxError }): Promise<FxValue> {
        switch (node.kind) {
            case "literal":
                return node.value;
            case "record": {
                const record: Record<string, FxValue> = {};
                for (const [name, field] of node.fields) {
                    const value = await this.evaluate(field, scope);
                    if (isError(value)) return value;
                    record[name] = value;
                }
                return record;
            }
            case "chain": {
                let last: FxValue;
                for (const [index, item] of node.items.entries()) {
                    last = await this.evaluate(item, scope);
                    if (isError(last) && index < node.items.length - 1) this.unhandledErrors.push(last.message);
                }
                return last;
            }
            case "field": {
                const of = await this.evaluate(node.of, scope);
                return fieldOf(of, node.name);
            }
            case "name":
                return this.name(node.path, scope);
            case "call":
                return this.call(node, scope);
        }
    }

    private async name([first, ...fields]: string[], scope: { firstError?: FxError }): Promise<FxValue> {
        let value: FxValue;
        if (first === "Self") {
            if (fields.length === 0) throw new PowerFxSyntaxError("Self needs a property: Self.<property>");
            value = await this.host.self(fields.shift() as string);
        } else if (first === "FirstError") {
            if (!scope.firstError) throw new PowerFxSyntaxError("FirstError is used outside an IfError fallback");
            value = { Message: scope.firstError.message };
        } else {
            value = this.variables.get(first);
        }
        return fields.reduce<FxValue>(fieldOf, value);
    }

    private async call(node: Extract<Node, { kind: "call" }>, scope: { firstError?: FxError }): Promise<FxValue> {
        const { name, args } = node;
        if (name.length === 2 && this.connectors.includes(name[0])) {
            const values = await this.arguments(args, scope);
            return Array.isArray(values) ? this.host.call(name[0], name[1], values) : values;
        }
        const fn = name.join(".");
        if (fn === "IfError") return this.ifError(args, scope);
        if (fn === "Set") {
            const target = args[0];
            if (args.length !== 2 || target.kind !== "name" || target.path.length !== 1)
                throw new PowerFxSyntaxError("Set takes a variable name and a value: Set(name, value)");
            const value = await this.evaluate(args[1], scope);
            this.variables.set(target.path[0], value);
            return value;
        }
        if (fn === "Blank" && args.length === 0) return undefined;
        const values = await this.arguments(args, scope);
        if (!Array.isArray(values)) return values;
        if (fn === "JSON" && values.length === 1) return stringifyExact(values[0]);
        if (fn === "Value" && values.length === 1) return toNumber(values[0]);
        throw new PowerFxSyntaxError(`the player does not play ${fn}(…) with ${args.length} argument(s)`);
    }

    /** The arguments' values, or the first error among them (a function given an error gives it). */
    private async arguments(args: Node[], scope: { firstError?: FxError }): Promise<FxValue[] | FxError> {
        const values: FxValue[] = [];
        for (const arg of args) {
            const value = await this.evaluate(arg, scope);
            if (isError(value)) return value;
            values.push(value);
        }
        return values;
    }

    private async ifError(args: Node[], scope: { firstError?: FxError }): Promise<FxValue> {
        if (args.length < 2) throw new PowerFxSyntaxError("IfError takes at least a Value and a Fallback");
        let last: FxValue;
        for (let index = 0; index + 1 < args.length; index += 2) {
            last = await this.evaluate(args[index], scope);
            if (isError(last)) return this.evaluate(args[index + 1], { ...scope, firstError: last });
        }
        return args.length % 2 === 1 ? this.evaluate(args[args.length - 1], scope) : last;
    }
}

function fieldOf(value: FxValue, name: string): FxValue {
    if (isError(value) || value === undefined) return value;
    if (isObject(value) && !Array.isArray(value)) return (value as Record<string, FxValue>)[name];
    return new FxError(`${JSON.stringify(name)} is read from a value that is not a record`);
}

/** Value(text): a canvas number, a float — exact for ids below 2^53, as on the platform. */
function toNumber(value: FxValue): FxValue {
    if (value === undefined || value === "") return undefined;
    const number = typeof value === "string" ? Number(value.trim()) : Number(value);
    return Number.isFinite(number) ? number : new FxError(`Value(${JSON.stringify(value)}) is not a number`);
}

/** What an input property receives from its formula: text, or "" for blank (and for an error). */
export function asInputText(value: FxValue): string {
    if (value === undefined || isError(value)) return "";
    return typeof value === "string" ? value : stringifyExact(value);
}
