/**
 * A strict reading of the Workflow Definition Language expressions a flow uses
 * (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference),
 * for tests: string literals, numbers, function calls, and property or index access with `[...]`,
 * `?[...]`, `.name` and `?.name`.
 *
 * It is stricter than the platform where the platform's behaviour is not documented, so that a
 * flow that passes here does not lean on undocumented leniency:
 * - every argument is evaluated, `if()` included: Logic Apps evaluates both branches of if(), so a
 *   branch that would fail breaks the action even when it is not taken;
 * - selecting a property of a string, number or boolean fails, `?` or not; `?` only lets null
 *   through; a missing property without `?` fails; an index outside an array fails;
 * - string(), concat(), comparisons and arithmetic refuse null.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export class ExpressionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ExpressionError";
    }
}

type Node =
    | { kind: "literal"; value: Value }
    | { kind: "call"; name: string; args: Node[] }
    | { kind: "access"; target: Node; key: Node; optional: boolean };

/** The functions the evaluator knows, all of them documented Workflow Definition Language functions. */
export const KNOWN_FUNCTIONS = [
    "actions", "add", "addSeconds", "and", "body", "coalesce", "concat", "contains", "createArray", "div", "empty", "endsWith", "equals",
    "first", "formatNumber", "greater", "greaterOrEquals", "if", "int", "json", "length", "less", "lessOrEquals", "max", "min", "mul", "not",
    "or", "outputs", "parameters", "startsWith", "string", "sub", "take", "ticks", "trim", "triggerBody", "utcNow", "variables", "workflow",
] as const;

export interface ExpressionContext {
    variables: Map<string, Value>;
    triggerBody: Value;
    /** Results of the actions that have run: status, outputs (statusCode and body, or a Compose's value), code, error. */
    actions: Map<string, ActionResult>;
    parameters: Record<string, Value>;
    workflow: Value;
    now(): Date;
}

export interface ActionResult {
    name: string;
    status: "Succeeded" | "Failed" | "Skipped" | "TimedOut";
    outputs?: Value;
    code?: string;
    error?: { code: string; message: string };
}

// ---- parsing ----------------------------------------------------------------------------------

type Token = { type: "string"; value: string } | { type: "number"; value: number } | { type: "name"; value: string } | { type: "punct"; value: string };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let index = 0;
    while (index < text.length) {
        const char = text[index];
        if (/\s/.test(char)) {
            index++;
        } else if (char === "'") {
            let value = "";
            index++;
            for (;;) {
                if (index >= text.length) throw new ExpressionError(`unterminated string in ${text}`);
                if (text[index] === "'") {
                    if (text[index + 1] === "'") {
                        value += "'";
                        index += 2;
                        continue;
                    }
                    index++;
                    break;
                }
                value += text[index++];
            }
            tokens.push({ type: "string", value });
        } else if (/[0-9]/.test(char) || (char === "-" && /[0-9]/.test(text[index + 1] ?? ""))) {
            const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ type: "number", value: Number(match[0]) });
            index += match[0].length;
        } else if (/[A-Za-z_]/.test(char)) {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ type: "name", value: match[0] });
            index += match[0].length;
        } else if ("()[],.?".includes(char)) {
            tokens.push({ type: "punct", value: char });
            index++;
        } else {
            throw new ExpressionError(`unexpected "${char}" in ${text}`);
        }
    }
    return tokens;
}

const parsed = new Map<string, Node>();

/** Parses an expression (the text after "@", or inside "@{...}"). */
export function parseExpression(text: string): Node {
    const cached = parsed.get(text);
    if (cached) return cached;
    const tokens = tokenize(text);
    let position = 0;
    const peek = () => tokens[position];
    const expect = (value: string) => {
        const token = tokens[position++];
        if (token?.type !== "punct" || token.value !== value) throw new ExpressionError(`expected "${value}" at token ${position} of ${text}`);
    };
    const primary = (): Node => {
        const token = tokens[position++];
        if (token === undefined) throw new ExpressionError(`unexpected end of ${text}`);
        if (token.type === "string" || token.type === "number") return { kind: "literal", value: token.value };
        if (token.type === "name") {
            if (peek()?.type === "punct" && peek()?.value === "(") {
                position++;
                const args: Node[] = [];
                if (!(peek()?.type === "punct" && peek()?.value === ")")) {
                    for (;;) {
                        args.push(expression());
                        if (peek()?.type === "punct" && peek()?.value === ",") {
                            position++;
                            continue;
                        }
                        break;
                    }
                }
                expect(")");
                return { kind: "call", name: token.value, args };
            }
            if (token.value === "true" || token.value === "false") return { kind: "literal", value: token.value === "true" };
            if (token.value === "null") return { kind: "literal", value: null };
        }
        throw new ExpressionError(`unexpected token ${JSON.stringify(token)} in ${text}`);
    };
    const expression = (): Node => {
        let node = primary();
        for (;;) {
            const token = peek();
            if (token?.type !== "punct") break;
            let optional = false;
            if (token.value === "?") {
                optional = true;
                position++;
            }
            const next = peek();
            if (next?.type === "punct" && next.value === "[") {
                position++;
                const key = expression();
                expect("]");
                node = { kind: "access", target: node, key, optional };
            } else if (next?.type === "punct" && next.value === ".") {
                position++;
                const name = tokens[position++];
                if (name?.type !== "name") throw new ExpressionError(`expected a property name after "." in ${text}`);
                node = { kind: "access", target: node, key: { kind: "literal", value: name.value }, optional };
            } else if (optional) {
                throw new ExpressionError(`"?" must be followed by "[" or "." in ${text}`);
            } else {
                break;
            }
        }
        return node;
    };
    const node = expression();
    if (position !== tokens.length) throw new ExpressionError(`unexpected ${JSON.stringify(tokens[position])} after a complete expression in ${text}`);
    parsed.set(text, node);
    return node;
}

/** The function names an expression calls. */
export function functionsCalled(node: Node, found = new Set<string>()): Set<string> {
    if (node.kind === "call") {
        found.add(node.name);
        node.args.forEach((arg) => functionsCalled(arg, found));
    } else if (node.kind === "access") {
        functionsCalled(node.target, found);
        functionsCalled(node.key, found);
    }
    return found;
}

/** The property and index accesses of an expression, to check that each is null-safe (`?[`). */
export function accesses(node: Node, found: Array<{ optional: boolean }> = []): Array<{ optional: boolean }> {
    if (node.kind === "call") node.args.forEach((arg) => accesses(arg, found));
    if (node.kind === "access") {
        found.push({ optional: node.optional });
        accesses(node.target, found);
        accesses(node.key, found);
    }
    return found;
}

/**
 * The expressions inside a string value: "@expr" is one expression; "@{a} text @{b}" is an
 * interpolation; "@@" is a literal "@"; any other string holds none.
 */
export function expressionsIn(value: string): string[] {
    if (value.startsWith("@@")) return [];
    if (value.startsWith("@") && !value.startsWith("@{")) return [value.slice(1)];
    return interpolationParts(value).filter((part): part is { expression: string } => typeof part !== "string").map((part) => part.expression);
}

function interpolationParts(value: string): Array<string | { expression: string }> {
    const parts: Array<string | { expression: string }> = [];
    let index = 0;
    while (index < value.length) {
        const start = value.indexOf("@{", index);
        if (start < 0) {
            parts.push(value.slice(index));
            break;
        }
        parts.push(value.slice(index, start));
        // The closing brace is the first "}" outside a string literal.
        let position = start + 2;
        let inString = false;
        for (; position < value.length; position++) {
            const char = value[position];
            if (char === "'") {
                if (inString && value[position + 1] === "'") {
                    position++;
                    continue;
                }
                inString = !inString;
            } else if (char === "}" && !inString) {
                break;
            }
        }
        if (position >= value.length) throw new ExpressionError(`unterminated "@{" in ${value}`);
        parts.push({ expression: value.slice(start + 2, position) });
        index = position + 1;
    }
    return parts;
}

// ---- evaluation ---------------------------------------------------------------------------------

const isObject = (value: Value): value is { [key: string]: Value } => value !== null && typeof value === "object" && !Array.isArray(value);

function typeName(value: Value): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

function deepEqual(a: Value, b: Value): boolean {
    return JSON.stringify(a) === JSON.stringify(b) && typeName(a) === typeName(b);
}

function needString(name: string, value: Value): string {
    if (typeof value !== "string") throw new ExpressionError(`${name}() expects a string, got ${typeName(value)}`);
    return value;
}

function needNumber(name: string, value: Value): number {
    if (typeof value !== "number") throw new ExpressionError(`${name}() expects a number, got ${typeName(value)}`);
    return value;
}

function needBoolean(name: string, value: Value): boolean {
    if (typeof value !== "boolean") throw new ExpressionError(`${name}() expects a boolean, got ${typeName(value)}`);
    return value;
}

const TICKS_AT_EPOCH = 621355968000000000;

function ticksOf(text: string): number {
    const time = Date.parse(text);
    if (Number.isNaN(time)) throw new ExpressionError(`ticks() expects a timestamp, got ${text}`);
    return TICKS_AT_EPOCH + time * 10000;
}

function stringOf(value: Value): string {
    if (value === null) throw new ExpressionError("string() of null");
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    if (typeof value === "boolean") return value ? "True" : "False";
    return JSON.stringify(value);
}

function select(target: Value, key: Value, optional: boolean): Value {
    if (target === null) {
        if (optional) return null;
        throw new ExpressionError(`property ${JSON.stringify(key)} of null`);
    }
    if (Array.isArray(target)) {
        if (typeof key !== "number" || !Number.isInteger(key) || key < 0 || key >= target.length) throw new ExpressionError(`index ${JSON.stringify(key)} of an array of ${target.length}`);
        return target[key];
    }
    if (isObject(target)) {
        if (typeof key !== "string") throw new ExpressionError(`property ${JSON.stringify(key)} of an object: the key must be a string`);
        if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
        if (optional) return null;
        throw new ExpressionError(`property "${key}" does not exist`);
    }
    throw new ExpressionError(`property ${JSON.stringify(key)} cannot be selected from a ${typeName(target)}`);
}

function call(name: string, args: Value[], context: ExpressionContext): Value {
    const arity = (min: number, max = min) => {
        if (args.length < min || args.length > max) throw new ExpressionError(`${name}() takes ${min === max ? min : `${min}-${max}`} arguments, got ${args.length}`);
    };
    const action = (actionName: Value) => {
        const result = context.actions.get(needString(name, actionName));
        if (result === undefined) throw new ExpressionError(`${name}('${String(actionName)}'): the action has not run`);
        if (result.status === "Skipped") throw new ExpressionError(`${name}('${String(actionName)}'): the action was skipped`);
        return result;
    };
    switch (name) {
        case "if":
            arity(3);
            return needBoolean(name, args[0]) ? args[1] : args[2];
        case "equals":
            arity(2);
            return deepEqual(args[0], args[1]);
        case "and":
        case "or": {
            if (args.length < 2) throw new ExpressionError(`${name}() needs two or more arguments`);
            const values = args.map((arg) => needBoolean(name, arg));
            return name === "and" ? values.every(Boolean) : values.some(Boolean);
        }
        case "not":
            arity(1);
            return !needBoolean(name, args[0]);
        case "coalesce":
            return args.find((arg) => arg !== null) ?? null;
        case "contains": {
            arity(2);
            const [collection, item] = args;
            if (Array.isArray(collection)) return collection.some((entry) => deepEqual(entry, item));
            if (typeof collection === "string") return collection.includes(needString(name, item));
            if (isObject(collection)) return Object.prototype.hasOwnProperty.call(collection, needString(name, item));
            throw new ExpressionError(`contains() of a ${typeName(collection)}`);
        }
        case "createArray":
            return args;
        case "length": {
            arity(1);
            const [value] = args;
            if (typeof value === "string" || Array.isArray(value)) return value.length;
            throw new ExpressionError(`length() of a ${typeName(value)}`);
        }
        case "empty": {
            arity(1);
            const [value] = args;
            if (value === null) return true;
            if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
            if (isObject(value)) return Object.keys(value).length === 0;
            throw new ExpressionError(`empty() of a ${typeName(value)}`);
        }
        case "first": {
            arity(1);
            const [value] = args;
            if (Array.isArray(value)) return value.length > 0 ? value[0] : null;
            if (typeof value === "string") return value.length > 0 ? value[0] : null;
            throw new ExpressionError(`first() of a ${typeName(value)}`);
        }
        case "take": {
            arity(2);
            const count = needNumber(name, args[1]);
            const [value] = args;
            if (typeof value === "string" || Array.isArray(value)) return value.slice(0, count) as Value;
            throw new ExpressionError(`take() of a ${typeName(value)}`);
        }
        case "string":
            arity(1);
            return stringOf(args[0]);
        case "int": {
            arity(1);
            const [value] = args;
            if (typeof value === "number" && Number.isInteger(value)) return value;
            if (typeof value === "string" && /^\s*[+-]?[0-9]+\s*$/.test(value)) {
                const result = Number(value);
                if (!Number.isSafeInteger(result)) throw new ExpressionError(`int('${value}') is beyond what this evaluator keeps exactly`);
                return result;
            }
            throw new ExpressionError(`int() cannot convert ${JSON.stringify(value)}`);
        }
        case "json": {
            arity(1);
            try {
                return JSON.parse(needString(name, args[0])) as Value;
            } catch (error) {
                if (error instanceof ExpressionError) throw error;
                throw new ExpressionError(`json() of text that is not JSON: ${String(args[0]).slice(0, 40)}`);
            }
        }
        case "concat":
            return args.map((arg) => {
                if (arg === null) throw new ExpressionError("concat() of null");
                return stringOf(arg);
            }).join("");
        case "startsWith":
        case "endsWith": {
            arity(2);
            const text = needString(name, args[0]);
            const part = needString(name, args[1]);
            return name === "startsWith" ? text.startsWith(part) : text.endsWith(part);
        }
        case "trim":
            arity(1);
            return needString(name, args[0]).trim();
        case "greater":
        case "greaterOrEquals":
        case "less":
        case "lessOrEquals": {
            arity(2);
            const [a, b] = args.map((arg) => needNumber(name, arg));
            return name === "greater" ? a > b : name === "greaterOrEquals" ? a >= b : name === "less" ? a < b : a <= b;
        }
        case "min":
        case "max": {
            const values = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((arg) => needNumber(name, arg));
            if (values.length === 0) throw new ExpressionError(`${name}() of nothing`);
            return name === "min" ? Math.min(...values) : Math.max(...values);
        }
        case "add":
        case "sub":
        case "mul":
        case "div": {
            arity(2);
            const [a, b] = args.map((arg) => needNumber(name, arg));
            if (name === "add") return a + b;
            if (name === "sub") return a - b;
            if (name === "mul") return a * b;
            if (b === 0) throw new ExpressionError("div() by zero");
            return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
        }
        case "formatNumber": {
            arity(2, 3);
            const value = needNumber(name, args[0]);
            if (args[1] !== "0") throw new ExpressionError(`formatNumber() with format ${JSON.stringify(args[1])} is not modelled`);
            // .NET custom numeric formats round half away from zero.
            return String(Math.sign(value) * Math.round(Math.abs(value)));
        }
        case "ticks":
            arity(1);
            return ticksOf(needString(name, args[0]));
        case "utcNow":
            arity(0);
            return context.now().toISOString();
        case "addSeconds": {
            arity(2, 3);
            const time = Date.parse(needString(name, args[0]));
            const seconds = needNumber(name, args[1]);
            if (!Number.isInteger(seconds)) throw new ExpressionError("addSeconds() takes whole seconds");
            return new Date(time + seconds * 1000).toISOString();
        }
        case "variables": {
            arity(1);
            const variable = needString(name, args[0]);
            if (!context.variables.has(variable)) throw new ExpressionError(`variables('${variable}') is not initialized`);
            return context.variables.get(variable) as Value;
        }
        case "triggerBody":
            arity(0);
            return context.triggerBody;
        case "parameters": {
            arity(1);
            const parameter = needString(name, args[0]);
            if (!(parameter in context.parameters)) throw new ExpressionError(`parameters('${parameter}') is not defined`);
            return context.parameters[parameter];
        }
        case "workflow":
            arity(0);
            return context.workflow;
        case "actions": {
            arity(1);
            const result = action(args[0]);
            return JSON.parse(JSON.stringify({ name: result.name, status: result.status, outputs: result.outputs ?? null, code: result.code ?? null, error: result.error ?? null })) as Value;
        }
        case "outputs":
            arity(1);
            return action(args[0]).outputs ?? null;
        case "body": {
            arity(1);
            const outputs = action(args[0]).outputs ?? null;
            return isObject(outputs) && "body" in outputs ? outputs.body : null;
        }
        default:
            throw new ExpressionError(`unknown function ${name}()`);
    }
}

export function evaluate(node: Node, context: ExpressionContext): Value {
    switch (node.kind) {
        case "literal":
            return node.value;
        case "call":
            return call(node.name, node.args.map((arg) => evaluate(arg, context)), context);
        case "access":
            return select(evaluate(node.target, context), evaluate(node.key, context), node.optional);
    }
}

/** Evaluates a string as the platform evaluates an action input: "@expr", "@{...}" interpolation, or a plain string. */
export function evaluateString(value: string, context: ExpressionContext): Value {
    if (value.startsWith("@@")) return value.slice(1);
    if (value.startsWith("@") && !value.startsWith("@{")) return evaluate(parseExpression(value.slice(1)), context);
    if (!value.includes("@{")) return value;
    return interpolationParts(value)
        .map((part) => {
            if (typeof part === "string") return part;
            const result = evaluate(parseExpression(part.expression), context);
            return result === null ? "" : stringOf(result);
        })
        .join("");
}

/** Evaluates every string inside a JSON value (objects and arrays are walked). */
export function evaluateTemplate(value: unknown, context: ExpressionContext): Value {
    if (typeof value === "string") return evaluateString(value, context);
    if (Array.isArray(value)) return value.map((item) => evaluateTemplate(item, context));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateTemplate(item, context)]));
    }
    return value as Value;
}

/** Every string of a JSON value, with the JSON path it sits at. */
export function stringsIn(value: unknown, path = ""): Array<{ path: string; value: string }> {
    if (typeof value === "string") return [{ path, value }];
    if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${path}/${index}`));
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${path}/${key}`));
    return [];
}
