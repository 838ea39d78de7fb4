import { ExpressionError, stringOf } from "../values";
import { FunctionTable, needNumber, needString, takes, takesAtLeast, takesBetween } from "./workflowFunction";

/** String functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#string-functions). */
export const STRING_FUNCTIONS: FunctionTable = {
    concat: takesAtLeast(0, (args) =>
        args
            .map((arg) => {
                if (arg === null) throw new ExpressionError("concat() of null");
                return stringOf(arg);
            })
            .join(""),
    ),
    endsWith: takes(2, ([text, part], _context, name) => needString(name, text).endsWith(needString(name, part))),
    formatNumber: takesBetween(2, 3, ([number, format], _context, name) => {
        const value = needNumber(name, number);
        if (format !== "0")
            throw new ExpressionError(`formatNumber() with format ${JSON.stringify(format)} is not modelled`);
        // .NET custom numeric formats round half away from zero.
        return String(Math.sign(value) * Math.round(Math.abs(value)));
    }),
    startsWith: takes(2, ([text, part], _context, name) => needString(name, text).startsWith(needString(name, part))),
    trim: takes(1, ([text], _context, name) => needString(name, text).trim()),
};
