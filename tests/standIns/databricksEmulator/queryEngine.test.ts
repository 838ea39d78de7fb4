import {
    DEFAULT_CATALOG,
    DEFAULT_SCHEMA,
    SEED_TABLES,
    TableSpec,
} from "../../../tools/standIns/databricksEmulator/seed";
import { evaluate, Outcome, QueryContext } from "../../../tools/standIns/databricksEmulator/sql/queryEngine";
import { parseParameters } from "../../../tools/standIns/databricksEmulator/sql/statementParameters";

/** The SQL engine without a server: what a statement yields, or the error it fails with. */

function run(
    statement: string,
    parameters: Array<{ name: string; value: string | null; type?: string }> = [],
    rowLimit?: number,
): Outcome {
    const tables = new Map<string, TableSpec>(SEED_TABLES.map((table) => [table.name, table]));
    const context: QueryContext = {
        parameters: parseParameters(parameters),
        catalog: DEFAULT_CATALOG,
        schema: DEFAULT_SCHEMA,
        user: "maker@contoso.example",
        tables,
        rowLimit,
    };
    return evaluate(statement, context);
}

function rowsOf(outcome: Outcome): Array<Array<string | null>> {
    if (outcome.kind !== "rows") throw new Error(`the statement failed: ${outcome.message}`);
    return outcome.rows;
}

function errorOf(outcome: Outcome): string {
    if (outcome.kind !== "error") throw new Error("the statement did not fail");
    expect(outcome.code).toBe("BAD_REQUEST");
    return outcome.message;
}

describe("the emulator's SQL engine", () => {
    it("types literals as Databricks does: INT within 32 bits, BIGINT beyond, DECIMAL of its own precision", () => {
        const outcome = run("SELECT 2147483647, 2147483648, -007.250, 'it''s', \"a\\\"b\", false, NULL");
        expect(rowsOf(outcome)).toEqual([["2147483647", "2147483648", "-007.250", "it's", 'a"b', "false", null]]);
        expect(outcome.kind === "rows" && outcome.columns.map((column) => column.type_text)).toEqual([
            "INT",
            "BIGINT",
            "DECIMAL(4,3)",
            "STRING",
            "STRING",
            "BOOLEAN",
            "VOID",
        ]);
    });

    it("qualifies a table name with the default catalog and schema, case-insensitively, and reads quoted names", () => {
        const expected = [["1004", "18.99"]];
        expect(rowsOf(run("SELECT order_id, amount FROM SALES WHERE order_id = 1004"))).toEqual(expected);
        expect(rowsOf(run("SELECT order_id, amount FROM default.sales WHERE order_id = 1004;"))).toEqual(expected);
        expect(
            rowsOf(run("SELECT `order_id`, `amount` FROM `main`.`default`.`sales` WHERE `order_id` = 1004")),
        ).toEqual(expected);
    });

    it("matches no row on = NULL, as SQL does", () => {
        expect(rowsOf(run("SELECT * FROM sales WHERE express = NULL"))).toEqual([]);
        expect(
            rowsOf(run("SELECT * FROM sales WHERE express = :flag", [{ name: "flag", value: null, type: "BOOLEAN" }])),
        ).toEqual([]);
    });

    it("casts typed parameters, and fails a value that does not cast", () => {
        const parameters = [
            { name: "n", value: " 12 ", type: "int" },
            { name: "flag", value: "TRUE", type: "BOOLEAN" },
            { name: "at", value: "2026-01-02T03:04:05Z", type: "TIMESTAMP" },
            { name: "price", value: "1.5", type: "DECIMAL(5,2)" },
        ];
        expect(rowsOf(run("SELECT :n, :flag, :at, :price", parameters))).toEqual([
            ["12", "true", "2026-01-02T03:04:05.000Z", "1.5"],
        ]);
        expect(errorOf(run("SELECT :n", [{ name: "n", value: "twelve", type: "INT" }]))).toMatch(
            /^\[CAST_INVALID_INPUT\] The value 'twelve' of the type "STRING" cannot be cast to "INT"/,
        );
        expect(errorOf(run("SELECT :m", [{ name: "m", value: "x", type: "MAP" }]))).toMatch(
            /^\[UNSUPPORTED_DATATYPE\] Unsupported data type "MAP"/,
        );
    });

    it("reports an unknown table before a syntax error further on", () => {
        expect(errorOf(run("SELECT * FROM nowhere LIMIT x"))).toMatch(
            /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nowhere` cannot be found.*line 1 pos 14$/s,
        );
        expect(errorOf(run("SELECT * FROM sales LIMIT x"))).toBe(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'. SQLSTATE: 42601 (line 1, pos 26)",
        );
    });

    it("names what it cannot resolve or does not support", () => {
        expect(errorOf(run("SELECT colour FROM sales"))).toMatch(
            /`colour` cannot be resolved\. Did you mean one of the following\? \[`order_id`, `region`, `amount`, `order_date`, `express`\]/,
        );
        expect(errorOf(run("SELECT *"))).toMatch(/^\[INVALID_USAGE_OF_STAR_OR_REGEX\]/);
        expect(errorOf(run("SELECT * FROM sales WHERE region = order_id"))).toMatch(/^\[UNSUPPORTED_FEATURE\]/);
        expect(errorOf(run("SELECT 1 WHERE region = 'emea'"))).toBe(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'WHERE'. SQLSTATE: 42601 (line 1, pos 9)",
        );
        expect(errorOf(run("SELECT 'open"))).toMatch(/unclosed string literal.*pos 7\)$/);
    });

    it("applies LIMIT, then row_limit, and says when row_limit cut the result", () => {
        const outcome = run("SELECT n FROM numbers LIMIT 50", [], 10);
        expect(rowsOf(outcome)).toHaveLength(10);
        expect(outcome.kind === "rows" && outcome.truncated).toBe(true);
        const whole = run("SELECT n FROM numbers LIMIT 5", [], 10);
        expect(rowsOf(whole)).toEqual([["1"], ["2"], ["3"], ["4"], ["5"]]);
        expect(whole.kind === "rows" && whole.truncated).toBe(false);
    });
});
