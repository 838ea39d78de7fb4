import { ExpressionError } from "../values";
import { FunctionTable, needNumber, needString, takes, takesBetween } from "./workflowFunction";

/** .NET ticks (100 ns since 0001-01-01) at the Unix epoch. */
const TICKS_AT_EPOCH = 621355968000000000;

function parseTimestamp(name: string, text: string): number {
    const time = Date.parse(text);
    if (Number.isNaN(time)) throw new ExpressionError(`${name}() expects a timestamp, got ${text}`);
    return time;
}

/** Date and time functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#date-and-time-functions). */
export const DATE_TIME_FUNCTIONS: FunctionTable = {
    addSeconds: takesBetween(2, 3, ([timestamp, seconds], _context, name) => {
        const time = parseTimestamp(name, needString(name, timestamp));
        const count = needNumber(name, seconds);
        if (!Number.isInteger(count)) throw new ExpressionError("addSeconds() takes whole seconds");
        return new Date(time + count * 1000).toISOString();
    }),
    ticks: takes(
        1,
        ([timestamp], _context, name) => TICKS_AT_EPOCH + parseTimestamp(name, needString(name, timestamp)) * 10000,
    ),
    utcNow: takes(0, (_args, context) => context.now().toISOString()),
};
