/** Why a statement failed: Databricks answers it with HTTP 200, status.state FAILED and this error. */
export class SqlError extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

/** Every statement error the emulator raises has the error_code BAD_REQUEST, as Databricks' do. */
export function badStatement(message: string): SqlError {
    return new SqlError("BAD_REQUEST", message);
}

export function syntaxError(token: { text: string; position: number } | undefined, statement: string): SqlError {
    const near = token ? `'${token.text}'` : "end of input";
    const position = token ? token.position : statement.length;
    return badStatement(
        `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}. SQLSTATE: 42601 (line 1, pos ${position})`,
    );
}
