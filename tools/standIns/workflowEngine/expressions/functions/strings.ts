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
    replace: takes(3, ([text, oldText, newText], _context, name) => {
        const old = needString(name, oldText);
        if (old === "") throw new ExpressionError("replace() of an empty oldText");
        return needString(name, text).split(old).join(needString(name, newText));
    }),
    split: takes(2, ([text, separator], _context, name) => {
        const delimiter = needString(name, separator);
        if (delimiter === "") throw new ExpressionError("split() with an empty separator");
        return needString(name, text).split(delimiter);
    }),
    startsWith: takes(2, ([text, part], _context, name) => needString(name, text).startsWith(needString(name, part))),
    trim: takes(1, ([text], _context, name) => needString(name, text).trim()),
};
