import { TableSpec } from "../seed";
import { Cell, Column } from "./columns";
import { SqlError, syntaxError } from "./sqlErrors";
import { Token, tokenize } from "./sqlTokenizer";

export type Expression =
    | { kind: "literal"; value: Cell; column: Column }
    | { kind: "parameter"; name: string }
    | { kind: "column"; name: string }
    | { kind: "star" }
    | { kind: "current_user" };

export interface SelectItem {
    expression: Expression;
    alias?: string;
}

/** column = value */
export interface Condition {
    column: string;
    value: Expression;
}

/** SELECT items [FROM table] [WHERE column = value AND ...] [LIMIT n] */
export interface SelectStatement {
    items: SelectItem[];
    table?: TableSpec;
    conditions: Condition[];
    limit?: number;
}

/**
 * Reads a SELECT of the emulator's SQL subset. The table is looked up as soon as FROM names it,
 * so an unknown table is reported before a syntax error further on.
 */
export function parseSelect(statement: string, resolveTable: (nameParts: Token[]) => TableSpec): SelectStatement {
    return new SelectParser(statement, resolveTable).parse();
}

const CLAUSE_KEYWORDS = ["FROM", "WHERE", "LIMIT"];

class SelectParser {
    private readonly tokens: Token[];
    private position = 0;

    constructor(
        private readonly statement: string,
        private readonly resolveTable: (nameParts: Token[]) => TableSpec,
    ) {
        this.tokens = tokenize(statement);
        while (this.tokens.length > 0 && isSymbol(this.tokens[this.tokens.length - 1], ";")) this.tokens.pop();
    }

    parse(): SelectStatement {
        this.expectKeyword("SELECT");
        const items = this.selectList();
        const table = this.atKeyword("FROM") ? this.fromClause() : undefined;
        const conditions = this.atKeyword("WHERE") ? this.whereClause(table) : [];
        const limit = this.atKeyword("LIMIT") ? this.limitClause() : undefined;
        if (this.position < this.tokens.length) throw this.unexpected();
        return { items, table, conditions, limit };
    }

    private selectList(): SelectItem[] {
        const items: SelectItem[] = [];
        for (;;) {
            const expression = this.expression();
            let alias: string | undefined;
            if (this.atKeyword("AS")) {
                this.position += 1;
                const name = this.peek();
                if (name?.kind !== "word") throw this.unexpected();
                alias = name.text;
                this.position += 1;
            } else {
                const next = this.peek();
                if (next?.kind === "word" && !CLAUSE_KEYWORDS.includes(next.text.toUpperCase())) {
                    alias = next.text;
                    this.position += 1;
                }
            }
            items.push({ expression, alias });
            if (!isSymbol(this.peek(), ",")) return items;
            this.position += 1;
        }
    }

    /** FROM table, schema.table or catalog.schema.table. */
    private fromClause(): TableSpec {
        this.position += 1;
        const parts: Token[] = [];
        for (;;) {
            const part = this.peek();
            if (part?.kind !== "word") throw this.unexpected();
            parts.push(part);
            this.position += 1;
            if (!isSymbol(this.peek(), ".")) return this.resolveTable(parts);
            this.position += 1;
        }
    }

    private whereClause(table: TableSpec | undefined): Condition[] {
        if (!table) throw this.unexpected();
        this.position += 1;
        const conditions: Condition[] = [];
        for (;;) {
            const column = this.peek();
            if (column?.kind !== "word") throw this.unexpected();
            this.position += 1;
            if (!isSymbol(this.peek(), "=")) throw this.unexpected();
            this.position += 1;
            conditions.push({ column: column.text, value: this.expression() });
            if (!this.atKeyword("AND")) return conditions;
            this.position += 1;
        }
    }

    private limitClause(): number {
        this.position += 1;
        const count = this.peek();
        if (count?.kind !== "number" || count.text.includes(".") || count.text.startsWith("-")) throw this.unexpected();
        this.position += 1;
        return Number(count.text);
    }

    private expression(): Expression {
        const token = this.peek();
        if (!token) throw this.unexpected();
        this.position += 1;
        if (token.kind === "symbol" && token.text === "*") return { kind: "star" };
        if (token.kind === "string")
            return {
                kind: "literal",
                value: token.text,
                column: { name: token.text, type_name: "STRING", type_text: "STRING" },
            };
        if (token.kind === "number") return numberLiteral(token.text);
        if (token.kind === "parameter") return { kind: "parameter", name: token.text };
        if (token.kind === "word" && !token.quoted) {
            const upper = token.text.toUpperCase();
            if (upper === "TRUE" || upper === "FALSE") {
                const text = upper.toLowerCase();
                return {
                    kind: "literal",
                    value: text,
                    column: { name: text, type_name: "BOOLEAN", type_text: "BOOLEAN" },
                };
            }
            if (upper === "NULL")
                return { kind: "literal", value: null, column: { name: "NULL", type_name: "NULL", type_text: "VOID" } };
            if (
                upper === "CURRENT_USER" &&
                isSymbol(this.peek(), "(") &&
                isSymbol(this.tokens[this.position + 1], ")")
            ) {
                this.position += 2;
                return { kind: "current_user" };
            }
        }
        if (token.kind === "word") return { kind: "column", name: token.text };
        throw this.unexpected(token);
    }

    private peek(): Token | undefined {
        return this.tokens[this.position];
    }

    private atKeyword(word: string): boolean {
        const token = this.peek();
        return token?.kind === "word" && !token.quoted && token.text.toUpperCase() === word;
    }

    private expectKeyword(word: string): void {
        if (!this.atKeyword(word)) throw this.unexpected();
        this.position += 1;
    }

    private unexpected(token: Token | undefined = this.peek()): SqlError {
        return syntaxError(token, this.statement);
    }
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
    return token?.kind === "symbol" && token.text === symbol;
}

/** An integer literal is INT when it fits 32 bits, else BIGINT; a decimal one is DECIMAL of its own precision and scale. */
function numberLiteral(text: string): Expression {
    if (text.includes(".")) {
        const [whole, fraction] = text.replace("-", "").split(".");
        const precision = whole.replace(/^0+(?=\d)/, "").length + fraction.length;
        return {
            kind: "literal",
            value: text,
            column: { name: text, type_name: "DECIMAL", type_text: `DECIMAL(${precision},${fraction.length})` },
        };
    }
    const big = BigInt(text);
    const fitsInt = big >= -2147483648n && big <= 2147483647n;
    return {
        kind: "literal",
        value: big.toString(),
        column: { name: text, type_name: fitsInt ? "INT" : "LONG", type_text: fitsInt ? "INT" : "BIGINT" },
    };
}
