import { TableSpec } from "../seed";
import { Cell, Column, TableValue, toCell } from "./columns";
import { badStatement, SqlError } from "./sqlErrors";
import { Expression, parseSelect, SelectStatement } from "./sqlParser";
import { Token } from "./sqlTokenizer";
import { Parameter, typedParameter } from "./statementParameters";

/**
 * The tiny SQL engine: SELECT of literals, named :parameters and current_user(), and SELECT
 * columns or * FROM a seeded table with an optional WHERE of equalities joined by AND and a LIMIT.
 * Every value comes back as a string (SQL NULL as null), as Databricks sends JSON_ARRAY results.
 */

export interface QueryContext {
    parameters: Map<string, Parameter>;
    catalog: string;
    schema: string;
    user: string;
    tables: Map<string, TableSpec>;
    rowLimit?: number;
}

export type Outcome =
    | { kind: "rows"; columns: Column[]; rows: Cell[][]; truncated: boolean }
    | { kind: "error"; code: string; message: string };

type Row = TableValue[];

/** What a statement yields: its rows, or the error it fails with. */
export function evaluate(statement: string, context: QueryContext): Outcome {
    try {
        const select = parseSelect(statement, (nameParts) => resolveTable(nameParts, context));
        return runSelect(select, context);
    } catch (error) {
        if (error instanceof SqlError) return { kind: "error", code: error.code, message: error.message };
        throw error;
    }
}

function runSelect(select: SelectStatement, context: QueryContext): Outcome {
    const { columns, getters } = projectionOf(select, context);
    const filters = select.conditions.map(({ column, value }) => {
        const index = columnIndex(select.table, column);
        const expected = comparedValue(value, context);
        return (row: Row): boolean => expected !== null && toCell(row[index]) === expected;
    });
    const sourceRows = select.table ? select.table.rows.filter((row) => filters.every((filter) => filter(row))) : [[]];
    const limited = sourceRows.slice(0, select.limit ?? sourceRows.length);
    const rowLimit = context.rowLimit;
    const rows = limited.slice(0, rowLimit ?? limited.length).map((row) => getters.map((get) => get(row)));
    return { kind: "rows", columns, rows, truncated: rowLimit !== undefined && limited.length > rowLimit };
}

/** The result's columns and, for each, how its value comes out of a table row. */
function projectionOf(
    select: SelectStatement,
    context: QueryContext,
): { columns: Column[]; getters: Array<(row: Row) => Cell> } {
    const { table } = select;
    const columns: Column[] = [];
    const getters: Array<(row: Row) => Cell> = [];
    for (const { expression, alias } of select.items) {
        if (expression.kind === "star") {
            if (!table)
                throw badStatement(
                    "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression `select`. SQLSTATE: 42000",
                );
            table.columns.forEach((column, index) => {
                columns.push({ ...column });
                getters.push((row) => toCell(row[index]));
            });
        } else if (expression.kind === "column") {
            const index = columnIndex(table, expression.name);
            const column = (table as TableSpec).columns[index];
            columns.push({ ...column, name: alias ?? column.name });
            getters.push((row) => toCell(row[index]));
        } else {
            const { value, column } = constantOf(expression, context);
            columns.push({ ...column, name: alias ?? column.name });
            getters.push(() => value);
        }
    }
    return { columns, getters };
}

function comparedValue(value: Expression, context: QueryContext): Cell {
    if (value.kind === "column" || value.kind === "star") {
        throw badStatement(
            "[UNSUPPORTED_FEATURE] The emulator compares a column with a literal or a parameter only. SQLSTATE: 0A000",
        );
    }
    return constantOf(value, context).value;
}

function constantOf(expression: Expression, context: QueryContext): { value: Cell; column: Column } {
    switch (expression.kind) {
        case "literal":
            return { value: expression.value, column: expression.column };
        case "current_user":
            return {
                value: context.user,
                column: { name: "current_user()", type_name: "STRING", type_text: "STRING" },
            };
        case "parameter": {
            const parameter = context.parameters.get(expression.name);
            if (!parameter) {
                throw badStatement(
                    `[UNBOUND_SQL_PARAMETER] Found the unbound parameter: ${expression.name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`. SQLSTATE: 42P02`,
                );
            }
            return typedParameter(parameter);
        }
        default:
            throw badStatement("[INTERNAL_ERROR] Unexpected expression. SQLSTATE: XX000");
    }
}

/** A table by its name, completed with the statement's catalog and schema. */
function resolveTable(nameParts: Token[], context: QueryContext): TableSpec {
    const names = nameParts.map((part) => part.text);
    const full =
        names.length === 3
            ? names
            : names.length === 2
              ? [context.catalog, ...names]
              : [context.catalog, context.schema, ...names];
    const table = context.tables.get(full.join(".").toLowerCase());
    if (!table) {
        const shown = names.map((name) => `\`${name}\``).join(".");
        throw badStatement(
            `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${shown} cannot be found. Verify the spelling and correctness of the schema and catalog.\n` +
                "If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n" +
                `To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. SQLSTATE: 42P01; line 1 pos ${nameParts[0].position}`,
        );
    }
    return table;
}

function columnIndex(table: TableSpec | undefined, name: string): number {
    const index = table ? table.columns.findIndex((column) => column.name.toLowerCase() === name.toLowerCase()) : -1;
    if (index < 0) {
        const suggestions = table
            ? ` Did you mean one of the following? [${table.columns.map((column) => `\`${column.name}\``).join(", ")}].`
            : "";
        throw badStatement(
            `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \`${name}\` cannot be resolved.${suggestions} SQLSTATE: 42703`,
        );
    }
    return index;
}
