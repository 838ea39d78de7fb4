import { isObject } from "../../common/objects";

/**
 * ARM template expressions: a JSON string that starts with "[" and ends with "]" is evaluated at
 * deployment ("[parameters('workspaceHost')]"); one that starts with "[[" is the literal text
 * without its first "[". The generator escapes every literal that would otherwise be read as an
 * expression, the validator parses every expression, and the local host evaluates the few the
 * workflow resource needs.
 */

export type ArmNode =
    | { kind: "literal"; value: string | number }
    | { kind: "call"; name: string; args: ArmNode[] }
    | { kind: "access"; target: ArmNode; key: ArmNode };

export class ArmExpressionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ArmExpressionError";
    }
}

const looksLikeExpression = (value: string): boolean => value.startsWith("[") && value.endsWith("]");

/** Whether ARM evaluates this string: "[...]", but not the escaped "[[...]". */
export const isArmExpression = (value: string): boolean => looksLikeExpression(value) && !value.startsWith("[[");

/** A literal string as a template must write it so that ARM leaves it as it is. */
export const escapeArmLiteral = (value: string): string => (looksLikeExpression(value) ? `[${value}` : value);

/** What ARM makes of a string that is not an expression: "[[x]" becomes "[x]". */
export const unescapeArmLiteral = (value: string): string =>
    value.startsWith("[[") && value.endsWith("]") ? value.slice(1) : value;

/** Every string of a JSON value escaped with escapeArmLiteral (object keys are never evaluated). */
export function escapeArmLiterals<T>(value: T): T {
    return mapStrings(value, escapeArmLiteral) as T;
}

/** The inverse of escapeArmLiterals, for a value that holds no expressions. */
export function unescapeArmLiterals<T>(value: T): T {
    return mapStrings(value, unescapeArmLiteral) as T;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
    if (typeof value === "string") return map(value);
    if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
    if (isObject(value))
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
    return value;
}

type Token = { type: "string" | "name" | "number" | "punct"; text: string };

function tokenize(source: string): Token[] {
    const tokens: Token[] = [];
    let index = 0;
    while (index < source.length) {
        const char = source[index];
        const rest = source.slice(index);
        if (/\s/.test(char)) {
            index++;
        } else if (char === "'") {
            let text = "";
            let position = index + 1;
            for (;;) {
                if (position >= source.length) throw new ArmExpressionError(`unterminated string in [${source}]`);
                if (source[position] === "'" && source[position + 1] === "'") {
                    text += "'";
                    position += 2;
                } else if (source[position] === "'") {
                    break;
                } else {
                    text += source[position++];
                }
            }
            tokens.push({ type: "string", text });
            index = position + 1;
        } else if (/^-?[0-9]/.test(rest)) {
            const match = /^-?[0-9]+/.exec(rest) as RegExpExecArray;
            tokens.push({ type: "number", text: match[0] });
            index += match[0].length;
        } else if (/^[A-Za-z_]/.test(rest)) {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) as RegExpExecArray;
            tokens.push({ type: "name", text: match[0] });
            index += match[0].length;
        } else if ("(),.[]".includes(char)) {
            tokens.push({ type: "punct", text: char });
            index++;
        } else {
            throw new ArmExpressionError(`unexpected "${char}" in [${source}]`);
        }
    }
    return tokens;
}

/** Parses the text between the outer brackets of an ARM expression. */
export function parseArmExpression(source: string): ArmNode {
    const tokens = tokenize(source);
    let position = 0;
    const peek = (text: string) => tokens[position]?.type === "punct" && tokens[position].text === text;
    const expect = (text: string) => {
        if (!peek(text)) throw new ArmExpressionError(`expected "${text}" at token ${position + 1} of [${source}]`);
        position++;
    };
    const expression = (): ArmNode => {
        const token = tokens[position++];
        if (token === undefined) throw new ArmExpressionError(`unexpected end of [${source}]`);
        let node: ArmNode;
        if (token.type === "string") node = { kind: "literal", value: token.text };
        else if (token.type === "number") node = { kind: "literal", value: Number(token.text) };
        else if (token.type === "name" && peek("(")) {
            position++;
            const args: ArmNode[] = [];
            if (!peek(")")) {
                args.push(expression());
                while (peek(",")) {
                    position++;
                    args.push(expression());
                }
            }
            expect(")");
            node = { kind: "call", name: token.text, args };
        } else throw new ArmExpressionError(`unexpected ${JSON.stringify(token.text)} in [${source}]`);
        for (;;) {
            if (peek(".")) {
                position++;
                const name = tokens[position++];
                if (name?.type !== "name")
                    throw new ArmExpressionError(`expected a property name after "." in [${source}]`);
                node = { kind: "access", target: node, key: { kind: "literal", value: name.text } };
            } else if (peek("[")) {
                position++;
                const key = expression();
                expect("]");
                node = { kind: "access", target: node, key };
            } else {
                return node;
            }
        }
    };
    const node = expression();
    if (position !== tokens.length)
        throw new ArmExpressionError(
            `unexpected ${JSON.stringify(tokens[position].text)} after a complete expression in [${source}]`,
        );
    return node;
}

/** The function calls of an expression, outermost first, with their literal first argument when there is one. */
export function armCalls(node: ArmNode, found: Array<{ name: string; firstArgument?: string }> = []) {
    if (node.kind === "call") {
        const first = node.args[0];
        found.push({
            name: node.name,
            ...(first?.kind === "literal" && typeof first.value === "string" ? { firstArgument: first.value } : {}),
        });
        node.args.forEach((arg) => armCalls(arg, found));
    } else if (node.kind === "access") {
        armCalls(node.target, found);
        armCalls(node.key, found);
    }
    return found;
}

/**
 * ARM's template functions (learn.microsoft.com, "Template functions"), by lower-case name: ARM
 * matches function names case-insensitively. A name outside this list is a typo until proven otherwise.
 */
export const ARM_FUNCTIONS: ReadonlySet<string> = new Set(
    [
        "array concat contains createArray empty first indexOf intersection items join last lastIndexOf length max min range skip take union",
        "coalesce equals greater greaterOrEquals less lessOrEquals and bool false if not or true",
        "dateTimeAdd dateTimeFromEpoch dateTimeToEpoch utcNow deployment environment parameters variables",
        "base64 base64ToJson base64ToString dataUri dataUriToString endsWith format guid lastIndexOf newGuid padLeft",
        "replace split startsWith string substring toLower toUpper trim uniqueString uri uriComponent uriComponentToString",
        "int json null object objectKeys shallowMerge add div mod mul sub float",
        "extensionResourceId list listKeys listSecrets listCallbackUrl listAccountSas pickZones providers reference",
        "resourceGroup resourceId subscription subscriptionResourceId tenant tenantResourceId managementGroup",
        "managementGroupResourceId tryGet lambda filter map reduce sort toObject cidrSubnet cidrHost parseCidr",
    ]
        .join(" ")
        .split(" ")
        .map((name) => name.toLowerCase()),
);

/** What evaluating the local host's expressions needs: parameter values and the stand-in deployment scope. */
export interface ArmScope {
    parameters: Record<string, unknown>;
    subscriptionId: string;
    tenantId: string;
    resourceGroup: string;
    location: string;
}

/**
 * Evaluates an expression with the functions a workflow resource's values use (parameters, concat,
 * resourceId, subscription, resourceGroup, string); any other function is an error naming it.
 */
export function evaluateArmExpression(node: ArmNode, scope: ArmScope): unknown {
    if (node.kind === "literal") return node.value;
    if (node.kind === "access") {
        const target = evaluateArmExpression(node.target, scope);
        const key = String(evaluateArmExpression(node.key, scope));
        if (!isObject(target) || !(key in target)) throw new ArmExpressionError(`the value has no property "${key}"`);
        return target[key];
    }
    const args = node.args.map((arg) => evaluateArmExpression(arg, scope));
    switch (node.name.toLowerCase()) {
        case "parameters": {
            const name = String(args[0]);
            if (!(name in scope.parameters)) throw new ArmExpressionError(`parameters('${name}') has no value`);
            return scope.parameters[name];
        }
        case "concat":
            return args.every(Array.isArray) ? args.flat() : args.map(String).join("");
        case "string":
            return typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
        case "subscription":
            return {
                subscriptionId: scope.subscriptionId,
                tenantId: scope.tenantId,
                id: `/subscriptions/${scope.subscriptionId}`,
            };
        case "resourcegroup":
            return {
                name: scope.resourceGroup,
                location: scope.location,
                id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`,
            };
        case "resourceid": {
            const [type, ...names] = args.map(String);
            const [namespace, ...types] = type.split("/");
            const segments = types.flatMap((part, index) => [part, names[index]]).join("/");
            return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${namespace}/${segments}`;
        }
        default:
            throw new ArmExpressionError(`${node.name}() cannot be evaluated outside Azure`);
    }
}

/** A JSON value with every ARM expression evaluated and every escaped literal unescaped. */
export function resolveArmValue(value: unknown, scope: ArmScope): unknown {
    if (typeof value === "string") {
        return isArmExpression(value)
            ? evaluateArmExpression(parseArmExpression(value.slice(1, -1)), scope)
            : unescapeArmLiteral(value);
    }
    if (Array.isArray(value)) return value.map((item) => resolveArmValue(item, scope));
    if (isObject(value))
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveArmValue(item, scope)]));
    return value;
}
