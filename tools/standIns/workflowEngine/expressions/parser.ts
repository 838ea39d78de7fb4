import { ExpressionError, Value } from "./values";

/**
 * The syntax of a Workflow Definition Language expression (the text after "@", or inside "@{...}"):
 * string literals with '' for a quote, numbers, true, false, null, function calls, and property
 * or index access with `[...]`, `?[...]`, `.name` and `?.name`.
 */
export type ExpressionNode =
    | { kind: "literal"; value: Value }
    | { kind: "call"; name: string; args: ExpressionNode[] }
    | { kind: "access"; target: ExpressionNode; key: ExpressionNode; optional: boolean };

type Token =
    | { type: "string"; value: string }
    | { type: "number"; value: number }
    | { type: "name"; value: string }
    | { type: "punct"; value: string };

const NUMBER = /^-?[0-9]+(\.[0-9]+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const PUNCTUATION = "()[],.?";

/** A string literal from its opening quote: its value and the index after its closing quote. */
function readStringLiteral(text: string, start: number): { value: string; end: number } {
    let value = "";
    let index = start + 1;
    for (;;) {
        if (index >= text.length) throw new ExpressionError(`unterminated string in ${text}`);
        if (text[index] === "'") {
            if (text[index + 1] !== "'") return { value, end: index + 1 };
            value += "'";
            index += 2;
        } else {
            value += text[index++];
        }
    }
}

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let index = 0;
    while (index < text.length) {
        const char = text[index];
        const rest = text.slice(index);
        if (/\s/.test(char)) {
            index++;
        } else if (char === "'") {
            const literal = readStringLiteral(text, index);
            tokens.push({ type: "string", value: literal.value });
            index = literal.end;
        } else if (NUMBER.test(rest)) {
            const match = NUMBER.exec(rest) as RegExpExecArray;
            tokens.push({ type: "number", value: Number(match[0]) });
            index += match[0].length;
        } else if (NAME.test(rest)) {
            const match = NAME.exec(rest) as RegExpExecArray;
            tokens.push({ type: "name", value: match[0] });
            index += match[0].length;
        } else if (PUNCTUATION.includes(char)) {
            tokens.push({ type: "punct", value: char });
            index++;
        } else {
            throw new ExpressionError(`unexpected "${char}" in ${text}`);
        }
    }
    return tokens;
}

const KEYWORDS: Record<string, Value> = { true: true, false: false, null: null };

class Parser {
    private position = 0;
    private readonly tokens: Token[];

    constructor(private readonly text: string) {
        this.tokens = tokenize(text);
    }

    parse(): ExpressionNode {
        const node = this.expression();
        if (this.position !== this.tokens.length)
            throw new ExpressionError(
                `unexpected ${JSON.stringify(this.tokens[this.position])} after a complete expression in ${this.text}`,
            );
        return node;
    }

    private isPunctuation(value: string): boolean {
        const token = this.tokens[this.position];
        return token?.type === "punct" && token.value === value;
    }

    private expect(value: string): void {
        if (!this.isPunctuation(value))
            throw new ExpressionError(`expected "${value}" at token ${this.position + 1} of ${this.text}`);
        this.position++;
    }

    private expression(): ExpressionNode {
        let node = this.primary();
        for (;;) {
            const optional = this.isPunctuation("?");
            if (optional) this.position++;
            if (this.isPunctuation("[")) {
                this.position++;
                const key = this.expression();
                this.expect("]");
                node = { kind: "access", target: node, key, optional };
            } else if (this.isPunctuation(".")) {
                this.position++;
                const name = this.tokens[this.position++];
                if (name?.type !== "name")
                    throw new ExpressionError(`expected a property name after "." in ${this.text}`);
                node = { kind: "access", target: node, key: { kind: "literal", value: name.value }, optional };
            } else if (optional) {
                throw new ExpressionError(`"?" must be followed by "[" or "." in ${this.text}`);
            } else {
                return node;
            }
        }
    }

    private primary(): ExpressionNode {
        const token = this.tokens[this.position++];
        if (token === undefined) throw new ExpressionError(`unexpected end of ${this.text}`);
        if (token.type === "string" || token.type === "number") return { kind: "literal", value: token.value };
        if (token.type === "name" && this.isPunctuation("(")) {
            this.position++;
            return { kind: "call", name: token.value, args: this.argumentList() };
        }
        if (token.type === "name" && Object.prototype.hasOwnProperty.call(KEYWORDS, token.value))
            return { kind: "literal", value: KEYWORDS[token.value] };
        throw new ExpressionError(`unexpected token ${JSON.stringify(token)} in ${this.text}`);
    }

    /** The arguments of a call, after its "(", up to and with its ")". */
    private argumentList(): ExpressionNode[] {
        const args: ExpressionNode[] = [];
        if (!this.isPunctuation(")")) {
            args.push(this.expression());
            while (this.isPunctuation(",")) {
                this.position++;
                args.push(this.expression());
            }
        }
        this.expect(")");
        return args;
    }
}

const parsed = new Map<string, ExpressionNode>();

/** Parses an expression (the text after "@", or inside "@{...}"). */
export function parseExpression(text: string): ExpressionNode {
    let node = parsed.get(text);
    if (node === undefined) {
        node = new Parser(text).parse();
        parsed.set(text, node);
    }
    return node;
}
