import { invalidParameter } from "../apiError";
import { Handler } from "./apiRequest";

/** The SQL Warehouses and Statement Execution API 2.0 operations the connector calls. */

export const listWarehouses: Handler = (_request, { sql }) => sql.listWarehouses();

/**
 * Submits the statement and holds the answer until it ends or wait_timeout passes, by the real
 * time or the emulator's clock, whichever has gone further; then cancels it on CANCEL.
 */
export const executeStatement: Handler = async ({ body, user }, { sql, now, sleeps }) => {
    const { id, waitMs, cancelOnTimeout } = sql.submit(body(), user);
    const startedReal = Date.now();
    const startedClock = now();
    const finished = (): boolean => !["PENDING", "RUNNING"].includes(sql.stateOf(id));
    while (!finished() && waitMs > 0 && !sleeps.isStopped) {
        const waited = Math.max(Date.now() - startedReal, now() - startedClock);
        if (waited >= waitMs) break;
        await sleeps.sleep(Math.min(25, waitMs - waited));
    }
    if (!finished() && cancelOnTimeout && waitMs > 0) sql.cancel(id);
    return sql.describe(id);
};

export const getStatement: Handler = ({ params: [statementId] }, { sql }) => sql.describe(statementId);

export const getStatementResultChunk: Handler = ({ params: [statementId, chunkIndex] }, { sql }) => {
    if (!/^\d+$/.test(chunkIndex))
        throw invalidParameter(`chunk_index must be a non-negative integer, not '${chunkIndex}'.`);
    return sql.chunk(statementId, Number(chunkIndex));
};

export const cancelStatement: Handler = ({ params: [statementId] }, { sql }) => {
    sql.cancel(statementId);
    return {};
};
