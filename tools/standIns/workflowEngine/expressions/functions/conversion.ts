import { ExpressionError, stringOf, Value } from "../values";
import { FunctionTable, needString, takes, takesAtLeast } from "./workflowFunction";

const INTEGER_TEXT = /^\s*[+-]?[0-9]+\s*$/;

/** Conversion functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#conversion-functions). */
export const CONVERSION_FUNCTIONS: FunctionTable = {
    coalesce: takesAtLeast(0, (args) => args.find((arg) => arg !== null) ?? null),
    createArray: takesAtLeast(0, (args) => args),
    // As .NET's Uri.EscapeDataString: JavaScript's encodeURIComponent leaves ! ' ( ) * as they are.
    encodeUriComponent: takes(1, ([value]) =>
        encodeURIComponent(stringOf(value)).replace(
            /[!'()*]/g,
            (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
        ),
    ),
    int: takes(1, ([value]) => {
        if (typeof value === "number" && Number.isInteger(value)) return value;
        if (typeof value === "string" && INTEGER_TEXT.test(value)) {
            const result = Number(value);
            if (!Number.isSafeInteger(result))
                throw new ExpressionError(`int('${value}') is beyond what this evaluator keeps exactly`);
            return result;
        }
        throw new ExpressionError(`int() cannot convert ${JSON.stringify(value)}`);
    }),
    json: takes(1, ([text], _context, name) => {
        const source = needString(name, text);
        try {
            return JSON.parse(source) as Value;
        } catch {
            throw new ExpressionError(`json() of text that is not JSON: ${source.slice(0, 40)}`);
        }
    }),
    string: takes(1, ([value]) => stringOf(value)),
};
