import { randomUUID } from "node:crypto";
import { ApiError, invalidParameter } from "./apiError";
import { Clock } from "./clock";
import { DEFAULT_CATALOG, DEFAULT_ROWS_PER_CHUNK, DEFAULT_SCHEMA, SqlTypeName, TableSpec, WarehouseSpec } from "./seed";

/**
 * SQL warehouses and the Statement Execution API, with a tiny SQL engine: SELECT of literals,
 * named :parameters and current_user(), and SELECT columns or * FROM a seeded table with an
 * optional WHERE of equalities joined by AND and a LIMIT. Every value comes back as a string
 * (SQL NULL as null) in JSON_ARRAY, as Databricks sends it; a failing statement is HTTP 200 with
 * status.state FAILED. A statement is PENDING, then RUNNING, then done, by the clock.
 */

export interface StatementTimings {
    pendingMs: number;
    runningMs: number;
}

export const DEFAULT_STATEMENT_TIMINGS: StatementTimings = { pendingMs: 100, runningMs: 200 };

interface Column {
    name: string;
    type_name: SqlTypeName | "NULL";
    type_text: string;
}

type Cell = string | null;

type Outcome = { kind: "rows"; columns: Column[]; rows: Cell[][]; truncated: boolean } | { kind: "error"; code: string; message: string };

interface StatementRecord {
    id: string;
    warehouseId: string;
    createdAt: number;
    timings: StatementTimings;
    outcome: Outcome;
    canceledAt?: number;
}

export type StatementState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED";

export interface ExecuteRequest {
    warehouse_id?: unknown;
    statement?: unknown;
    parameters?: unknown;
    wait_timeout?: unknown;
    on_wait_timeout?: unknown;
    disposition?: unknown;
    format?: unknown;
    row_limit?: unknown;
    catalog?: unknown;
    schema?: unknown;
}

export class SqlStore {
    readonly warehouses: WarehouseSpec[];
    readonly tables = new Map<string, TableSpec>();
    readonly statements = new Map<string, StatementRecord>();
    timings: StatementTimings = { ...DEFAULT_STATEMENT_TIMINGS };
    rowsPerChunk = DEFAULT_ROWS_PER_CHUNK;

    constructor(
        private readonly now: Clock,
        warehouses: WarehouseSpec[],
        tables: TableSpec[],
    ) {
        this.warehouses = structuredClone(warehouses);
        for (const table of tables) this.addTable(table);
    }

    addTable(table: TableSpec): void {
        this.tables.set(table.name.toLowerCase(), structuredClone(table));
    }

    listWarehouses(): unknown {
        return {
            warehouses: this.warehouses.map((warehouse) => ({
                id: warehouse.id,
                name: warehouse.name,
                cluster_size: warehouse.cluster_size,
                min_num_clusters: 1,
                max_num_clusters: 1,
                auto_stop_mins: warehouse.auto_stop_mins,
                creator_name: warehouse.creator_name,
                warehouse_type: warehouse.warehouse_type,
                enable_serverless_compute: warehouse.enable_serverless_compute,
                enable_photon: true,
                state: warehouse.state,
                num_clusters: warehouse.state === "RUNNING" ? 1 : 0,
                num_active_sessions: 0,
                jdbc_url: `jdbc:databricks://emulator:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/${warehouse.id};`,
                odbc_params: { hostname: "emulator", path: `/sql/1.0/warehouses/${warehouse.id}`, protocol: "https", port: 443 },
                health: { status: "HEALTHY" },
            })),
        };
    }

    /** Validates the request and creates the statement (HTTP errors throw ApiError). */
    submit(request: ExecuteRequest, user: string): { id: string; waitMs: number; cancelOnTimeout: boolean } {
        const warehouseId = requireString(request.warehouse_id, "warehouse_id");
        const statement = requireString(request.statement, "statement");
        if (!this.warehouses.some((warehouse) => warehouse.id === warehouseId)) {
            throw invalidParameter(`Warehouse ${warehouseId} does not exist.`);
        }
        const waitMs = parseWaitTimeout(request.wait_timeout);
        const onWaitTimeout = request.on_wait_timeout ?? "CONTINUE";
        if (onWaitTimeout !== "CONTINUE" && onWaitTimeout !== "CANCEL") {
            throw invalidParameter(`on_wait_timeout must be CONTINUE or CANCEL, not ${JSON.stringify(onWaitTimeout)}.`);
        }
        if ((request.disposition ?? "INLINE") !== "INLINE") {
            throw invalidParameter("The emulator serves results with disposition INLINE only.");
        }
        if ((request.format ?? "JSON_ARRAY") !== "JSON_ARRAY") {
            throw invalidParameter("The emulator serves results in format JSON_ARRAY only.");
        }
        const rowLimit = request.row_limit === undefined ? undefined : Number(request.row_limit);
        if (rowLimit !== undefined && (!Number.isInteger(rowLimit) || rowLimit < 0)) {
            throw invalidParameter("row_limit must be a non-negative integer.");
        }
        const parameters = parseParameters(request.parameters);
        const catalog = typeof request.catalog === "string" && request.catalog !== "" ? request.catalog : DEFAULT_CATALOG;
        const schema = typeof request.schema === "string" && request.schema !== "" ? request.schema : DEFAULT_SCHEMA;
        const outcome = evaluate(statement, { parameters, catalog, schema, user, tables: this.tables, rowLimit });
        const id = randomUUID();
        this.statements.set(id, { id, warehouseId, createdAt: this.now(), timings: { ...this.timings, ...timingHint(statement) }, outcome });
        return { id, waitMs, cancelOnTimeout: onWaitTimeout === "CANCEL" };
    }

    stateOf(id: string): StatementState {
        const record = this.require(id);
        const now = this.now();
        if (record.canceledAt !== undefined) return "CANCELED";
        if (now < record.createdAt + record.timings.pendingMs) return "PENDING";
        if (now < record.createdAt + record.timings.pendingMs + record.timings.runningMs) return "RUNNING";
        return record.outcome.kind === "rows" ? "SUCCEEDED" : "FAILED";
    }

    cancel(id: string): void {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state === "PENDING" || state === "RUNNING") record.canceledAt = this.now();
    }

    describe(id: string): unknown {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state === "FAILED" && record.outcome.kind === "error") {
            return { statement_id: id, status: { state, error: { error_code: record.outcome.code, message: record.outcome.message } } };
        }
        if (state !== "SUCCEEDED" || record.outcome.kind !== "rows") return { statement_id: id, status: { state } };
        const { columns, rows, truncated } = record.outcome;
        const chunks = this.chunksOf(rows);
        return {
            statement_id: id,
            status: { state },
            manifest: {
                format: "JSON_ARRAY",
                schema: {
                    column_count: columns.length,
                    columns: columns.map((column, position) => ({ ...column, position })),
                },
                total_row_count: rows.length,
                total_chunk_count: chunks.length,
                chunks: chunks.map(({ index, offset, rows: chunkRows }) => ({ chunk_index: index, row_offset: offset, row_count: chunkRows.length })),
                truncated,
            },
            result: this.chunkBody(id, 0),
        };
    }

    chunk(id: string, index: number): unknown {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state !== "SUCCEEDED" || record.outcome.kind !== "rows") {
            throw new ApiError(400, "BAD_REQUEST", `Statement ${id} has no result to fetch: its state is ${state}.`);
        }
        const count = this.chunksOf(record.outcome.rows).length;
        if (!Number.isInteger(index) || index < 0 || index >= count) {
            throw invalidParameter(`chunk_index ${index} is out of range: statement ${id} has ${count} chunk(s).`);
        }
        return this.chunkBody(id, index);
    }

    private chunkBody(id: string, index: number): unknown {
        const record = this.require(id);
        if (record.outcome.kind !== "rows") return {};
        const chunks = this.chunksOf(record.outcome.rows);
        const chunk = chunks[index];
        const hasNext = index + 1 < chunks.length;
        return {
            chunk_index: index,
            row_offset: chunk.offset,
            row_count: chunk.rows.length,
            ...(chunk.rows.length > 0 ? { data_array: chunk.rows } : {}),
            ...(hasNext ? { next_chunk_index: index + 1, next_chunk_internal_link: `/api/2.0/sql/statements/${id}/result/chunks/${index + 1}` } : {}),
        };
    }

    private chunksOf(rows: Cell[][]): Array<{ index: number; offset: number; rows: Cell[][] }> {
        const size = Math.max(1, this.rowsPerChunk);
        const chunks = [];
        for (let offset = 0, index = 0; offset < rows.length || index === 0; offset += size, index += 1) {
            chunks.push({ index, offset, rows: rows.slice(offset, offset + size) });
        }
        return chunks;
    }

    private require(id: string): StatementRecord {
        const record = this.statements.get(id);
        if (!record) throw new ApiError(404, "NOT_FOUND", `Statement ${id} was not found.`);
        return record;
    }
}

function requireString(value: unknown, name: string): string {
    if (value === undefined || value === null || value === "") throw invalidParameter(`Missing required field: ${name}`);
    if (typeof value !== "string") throw invalidParameter(`${name} must be a string.`);
    return value;
}

/** wait_timeout: "0s", or "5s" to "50s"; Databricks waits 10 seconds when it is left out. */
function parseWaitTimeout(value: unknown): number {
    if (value === undefined || value === null) return 10_000;
    const match = typeof value === "string" ? /^(\d+)s$/.exec(value) : null;
    const seconds = match ? Number(match[1]) : NaN;
    if (!(seconds === 0 || (seconds >= 5 && seconds <= 50))) {
        throw invalidParameter(`wait_timeout must be 0s or between 5s and 50s, but it is ${JSON.stringify(value)}.`);
    }
    return seconds * 1000;
}

interface Parameter {
    name: string;
    value: string | null;
    type: string;
}

function parseParameters(value: unknown): Map<string, Parameter> {
    const result = new Map<string, Parameter>();
    if (value === undefined || value === null) return result;
    if (!Array.isArray(value)) throw invalidParameter("parameters must be a list of {name, value, type}.");
    for (const item of value) {
        if (typeof item !== "object" || item === null || typeof (item as Parameter).name !== "string") {
            throw invalidParameter("Each statement parameter needs a name.");
        }
        const { name, value: itemValue, type } = item as { name: string; value?: unknown; type?: unknown };
        if (itemValue !== undefined && itemValue !== null && typeof itemValue !== "string") {
            throw invalidParameter(`The value of statement parameter ${name} must be a string.`);
        }
        result.set(name, { name, value: (itemValue as string | undefined) ?? null, type: typeof type === "string" && type !== "" ? type.toUpperCase() : "STRING" });
    }
    return result;
}

/** A statement may ask the emulator for its own timings: a comment such as  /* emulator: running_ms=3000 *\/. */
function timingHint(statement: string): Partial<StatementTimings> {
    const hint = /\/\*\s*emulator:([^*]*)\*\//.exec(statement);
    if (!hint) return {};
    const result: Partial<StatementTimings> = {};
    for (const [, key, value] of hint[1].matchAll(/(pending_ms|running_ms)\s*=\s*(\d+)/g)) {
        if (key === "pending_ms") result.pendingMs = Number(value);
        else result.runningMs = Number(value);
    }
    return result;
}

// ---- The tiny SQL engine ----------------------------------------------------------------------

interface Context {
    parameters: Map<string, Parameter>;
    catalog: string;
    schema: string;
    user: string;
    tables: Map<string, TableSpec>;
    rowLimit?: number;
}

type Token =
    | { kind: "word"; text: string; quoted: boolean; position: number }
    | { kind: "string"; text: string; position: number }
    | { kind: "number"; text: string; position: number }
    | { kind: "parameter"; text: string; position: number }
    | { kind: "symbol"; text: string; position: number };

class SqlError extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

type Expression =
    | { kind: "literal"; value: Cell; column: Column }
    | { kind: "parameter"; name: string }
    | { kind: "column"; name: string }
    | { kind: "star" }
    | { kind: "current_user" };

function evaluate(statement: string, context: Context): Outcome {
    try {
        return runSelect(statement, context);
    } catch (error) {
        if (error instanceof SqlError) return { kind: "error", code: error.code, message: error.message };
        throw error;
    }
}

function syntaxError(token: Token | undefined, statement: string): SqlError {
    const near = token ? `'${token.text}'` : "end of input";
    const position = token ? token.position : statement.length;
    return new SqlError("BAD_REQUEST", `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}. SQLSTATE: 42601 (line 1, pos ${position})`);
}

function tokenize(statement: string): Token[] {
    const tokens: Token[] = [];
    let index = 0;
    const text = statement.replace(/\/\*[\s\S]*?\*\//g, (comment) => " ".repeat(comment.length)).replace(/--[^\n]*/g, (comment) => " ".repeat(comment.length));
    while (index < text.length) {
        const char = text[index];
        if (/\s/.test(char)) {
            index += 1;
        } else if (char === "'" || char === '"') {
            let value = "";
            let end = index + 1;
            for (;;) {
                if (end >= text.length) throw new SqlError("BAD_REQUEST", `[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: unclosed string literal. SQLSTATE: 42601 (line 1, pos ${index})`);
                if (text[end] === "\\" && end + 1 < text.length) {
                    value += text[end + 1];
                    end += 2;
                } else if (text[end] === char && text[end + 1] === char) {
                    value += char;
                    end += 2;
                } else if (text[end] === char) {
                    break;
                } else {
                    value += text[end];
                    end += 1;
                }
            }
            tokens.push({ kind: "string", text: value, position: index });
            index = end + 1;
        } else if (char === "`") {
            const end = text.indexOf("`", index + 1);
            if (end < 0) throw syntaxError({ kind: "symbol", text: "`", position: index }, statement);
            tokens.push({ kind: "word", text: text.slice(index + 1, end), quoted: true, position: index });
            index = end + 1;
        } else if (char === ":" && /[A-Za-z_]/.test(text[index + 1] ?? "")) {
            const match = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "parameter", text: match[1], position: index });
            index += match[0].length;
        } else if (/[0-9]/.test(char) || (char === "-" && /[0-9]/.test(text[index + 1] ?? ""))) {
            const match = /^-?\d+(\.\d+)?/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "number", text: match[0], position: index });
            index += match[0].length;
        } else if (/[A-Za-z_]/.test(char)) {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "word", text: match[0], quoted: false, position: index });
            index += match[0].length;
        } else if ("*,.();=".includes(char)) {
            tokens.push({ kind: "symbol", text: char, position: index });
            index += 1;
        } else {
            throw syntaxError({ kind: "symbol", text: char, position: index }, statement);
        }
    }
    return tokens;
}

function runSelect(statement: string, context: Context): Outcome {
    const tokens = tokenize(statement);
    while (tokens.length > 0 && tokens[tokens.length - 1].kind === "symbol" && tokens[tokens.length - 1].text === ";") tokens.pop();
    let position = 0;
    const peek = (): Token | undefined => tokens[position];
    const isKeyword = (token: Token | undefined, word: string): boolean => token?.kind === "word" && !token.quoted && token.text.toUpperCase() === word;
    const isSymbol = (token: Token | undefined, symbol: string): boolean => token?.kind === "symbol" && token.text === symbol;
    const expectKeyword = (word: string): void => {
        if (!isKeyword(peek(), word)) throw syntaxError(peek(), statement);
        position += 1;
    };

    expectKeyword("SELECT");
    const items: Array<{ expression: Expression; alias?: string; text: string }> = [];
    for (;;) {
        const start = peek();
        const expression = parseExpression();
        let alias: string | undefined;
        if (isKeyword(peek(), "AS")) {
            position += 1;
            const name = peek();
            if (name?.kind !== "word") throw syntaxError(name, statement);
            alias = name.text;
            position += 1;
        } else if (peek()?.kind === "word" && !["FROM", "WHERE", "LIMIT"].includes((peek() as Token).text.toUpperCase())) {
            alias = (peek() as Token).text;
            position += 1;
        }
        items.push({ expression, alias, text: start?.text ?? "" });
        if (!isSymbol(peek(), ",")) break;
        position += 1;
    }

    let table: TableSpec | undefined;
    if (isKeyword(peek(), "FROM")) {
        position += 1;
        const parts: Token[] = [];
        for (;;) {
            const part = peek();
            if (part?.kind !== "word") throw syntaxError(part, statement);
            parts.push(part);
            position += 1;
            if (!isSymbol(peek(), ".")) break;
            position += 1;
        }
        table = resolveTable(parts, context);
    }

    const conditions: Array<{ column: string; value: Expression }> = [];
    if (isKeyword(peek(), "WHERE")) {
        if (!table) throw syntaxError(peek(), statement);
        position += 1;
        for (;;) {
            const column = peek();
            if (column?.kind !== "word") throw syntaxError(column, statement);
            position += 1;
            if (!isSymbol(peek(), "=")) throw syntaxError(peek(), statement);
            position += 1;
            conditions.push({ column: column.text, value: parseExpression() });
            if (!isKeyword(peek(), "AND")) break;
            position += 1;
        }
    }

    let limit: number | undefined;
    if (isKeyword(peek(), "LIMIT")) {
        position += 1;
        const count = peek();
        if (count?.kind !== "number" || count.text.includes(".") || count.text.startsWith("-")) throw syntaxError(count, statement);
        limit = Number(count.text);
        position += 1;
    }
    if (position < tokens.length) throw syntaxError(peek(), statement);

    // Resolve the select list.
    const columns: Column[] = [];
    const getters: Array<(row: Array<string | number | boolean | null>) => Cell> = [];
    for (const item of items) {
        const { expression } = item;
        if (expression.kind === "star") {
            if (!table) throw new SqlError("BAD_REQUEST", "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression `select`. SQLSTATE: 42000");
            table.columns.forEach((column, index) => {
                columns.push({ ...column });
                getters.push((row) => toCell(row[index]));
            });
            continue;
        }
        if (expression.kind === "column") {
            const index = columnIndex(table, expression.name);
            const column = (table as TableSpec).columns[index];
            columns.push({ ...column, name: item.alias ?? column.name });
            getters.push((row) => toCell(row[index]));
            continue;
        }
        const { value, column } = constantOf(expression, context);
        columns.push({ ...column, name: item.alias ?? column.name });
        getters.push(() => value);
    }

    const filters = conditions.map(({ column, value }) => {
        const index = columnIndex(table, column);
        const expected = expression(value);
        return (row: Array<string | number | boolean | null>): boolean => expected !== null && toCell(row[index]) === expected;
    });
    function expression(value: Expression): Cell {
        if (value.kind === "column" || value.kind === "star") {
            throw new SqlError("BAD_REQUEST", "[UNSUPPORTED_FEATURE] The emulator compares a column with a literal or a parameter only. SQLSTATE: 0A000");
        }
        return constantOf(value, context).value;
    }

    const sourceRows = table ? table.rows.filter((row) => filters.every((filter) => filter(row))) : [[]];
    const limited = sourceRows.slice(0, limit ?? sourceRows.length);
    const rowLimit = context.rowLimit;
    const rows = limited.slice(0, rowLimit ?? limited.length).map((row) => getters.map((get) => get(row)));
    return { kind: "rows", columns, rows, truncated: rowLimit !== undefined && limited.length > rowLimit };

    function parseExpression(): Expression {
        const token = peek();
        if (!token) throw syntaxError(token, statement);
        position += 1;
        if (token.kind === "symbol" && token.text === "*") return { kind: "star" };
        if (token.kind === "string") return literal(token.text, { name: token.text, type_name: "STRING", type_text: "STRING" });
        if (token.kind === "number") {
            if (token.text.includes(".")) {
                const [whole, fraction] = token.text.replace("-", "").split(".");
                const precision = whole.replace(/^0+(?=\d)/, "").length + fraction.length;
                return literal(token.text, { name: token.text, type_name: "DECIMAL", type_text: `DECIMAL(${precision},${fraction.length})` });
            }
            const big = BigInt(token.text);
            const fitsInt = big >= -2147483648n && big <= 2147483647n;
            return literal(big.toString(), { name: token.text, type_name: fitsInt ? "INT" : "LONG", type_text: fitsInt ? "INT" : "BIGINT" });
        }
        if (token.kind === "parameter") return { kind: "parameter", name: token.text };
        if (token.kind === "word" && !token.quoted) {
            const upper = token.text.toUpperCase();
            if (upper === "TRUE" || upper === "FALSE") return literal(upper.toLowerCase(), { name: upper.toLowerCase(), type_name: "BOOLEAN", type_text: "BOOLEAN" });
            if (upper === "NULL") return { kind: "literal", value: null, column: { name: "NULL", type_name: "NULL", type_text: "VOID" } };
            if (upper === "CURRENT_USER" && isSymbol(peek(), "(") && isSymbol(tokens[position + 1], ")")) {
                position += 2;
                return { kind: "current_user" };
            }
        }
        if (token.kind === "word") return { kind: "column", name: token.text };
        throw syntaxError(token, statement);
    }
}

function literal(value: string, column: Column): Expression {
    return { kind: "literal", value, column };
}

function constantOf(expression: Expression, context: Context): { value: Cell; column: Column } {
    switch (expression.kind) {
        case "literal":
            return { value: expression.value, column: expression.column };
        case "current_user":
            return { value: context.user, column: { name: "current_user()", type_name: "STRING", type_text: "STRING" } };
        case "parameter": {
            const parameter = context.parameters.get(expression.name);
            if (!parameter) {
                throw new SqlError(
                    "BAD_REQUEST",
                    `[UNBOUND_SQL_PARAMETER] Found the unbound parameter: ${expression.name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`. SQLSTATE: 42P02`,
                );
            }
            return typedParameter(parameter);
        }
        default:
            throw new SqlError("BAD_REQUEST", "[INTERNAL_ERROR] Unexpected expression. SQLSTATE: XX000");
    }
}

function typedParameter(parameter: Parameter): { value: Cell; column: Column } {
    const type = parameter.type;
    const column = (type_name: Column["type_name"], type_text: string): Column => ({ name: parameter.name, type_name, type_text });
    const value = parameter.value;
    const invalid = (): never => {
        throw new SqlError(
            "BAD_REQUEST",
            `[CAST_INVALID_INPUT] The value '${value}' of the type "STRING" cannot be cast to "${type}" because it is malformed. SQLSTATE: 22018`,
        );
    };
    if (type === "STRING") return { value, column: column("STRING", "STRING") };
    if (type === "INT" || type === "INTEGER" || type === "BIGINT" || type === "LONG" || type === "SMALLINT" || type === "TINYINT") {
        if (value !== null && !/^\s*-?\d+\s*$/.test(value)) invalid();
        const isLong = type === "BIGINT" || type === "LONG";
        return { value: value === null ? null : BigInt(value.trim()).toString(), column: column(isLong ? "LONG" : "INT", isLong ? "BIGINT" : "INT") };
    }
    if (type === "DOUBLE" || type === "FLOAT") {
        if (value !== null && !Number.isFinite(Number(value))) invalid();
        return { value: value === null ? null : String(Number(value)), column: column("DOUBLE", "DOUBLE") };
    }
    if (type === "BOOLEAN") {
        if (value !== null && !/^(true|false)$/i.test(value.trim())) invalid();
        return { value: value === null ? null : value.trim().toLowerCase(), column: column("BOOLEAN", "BOOLEAN") };
    }
    if (type === "DATE") {
        if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) invalid();
        return { value: value === null ? null : value.trim(), column: column("DATE", "DATE") };
    }
    if (type === "TIMESTAMP") {
        if (value !== null && Number.isNaN(Date.parse(value))) invalid();
        return { value: value === null ? null : new Date(value).toISOString(), column: column("TIMESTAMP", "TIMESTAMP") };
    }
    const decimal = /^DECIMAL(?:\((\d+),\s*(\d+)\))?$/.exec(type);
    if (decimal) {
        if (value !== null && !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) invalid();
        return { value: value === null ? null : value.trim(), column: column("DECIMAL", `DECIMAL(${decimal[1] ?? 10},${decimal[2] ?? 0})`) };
    }
    throw new SqlError("BAD_REQUEST", `[UNSUPPORTED_DATATYPE] Unsupported data type "${type}". SQLSTATE: 0A000`);
}

function resolveTable(parts: Token[], context: Context): TableSpec {
    const names = parts.map((part) => part.text);
    const full = names.length === 3 ? names : names.length === 2 ? [context.catalog, ...names] : [context.catalog, context.schema, ...names];
    const table = context.tables.get(full.join(".").toLowerCase());
    if (!table) {
        const shown = names.map((name) => `\`${name}\``).join(".");
        throw new SqlError(
            "BAD_REQUEST",
            `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${shown} cannot be found. Verify the spelling and correctness of the schema and catalog.\n` +
                "If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n" +
                `To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. SQLSTATE: 42P01; line 1 pos ${parts[0].position}`,
        );
    }
    return table;
}

function columnIndex(table: TableSpec | undefined, name: string): number {
    const index = table ? table.columns.findIndex((column) => column.name.toLowerCase() === name.toLowerCase()) : -1;
    if (index < 0) {
        const suggestions = table ? ` Did you mean one of the following? [${table.columns.map((column) => `\`${column.name}\``).join(", ")}].` : "";
        throw new SqlError(
            "BAD_REQUEST",
            `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \`${name}\` cannot be resolved.${suggestions} SQLSTATE: 42703`,
        );
    }
    return index;
}

function toCell(value: string | number | boolean | null | undefined): Cell {
    if (value === null || value === undefined) return null;
    return String(value);
}
