import { isObject } from "../../../../common/objects";
import { deepEqual, ExpressionError, typeName, Value } from "../values";
import { FunctionTable, needNumber, needString, takes } from "./workflowFunction";

/** Collection functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#collection-functions). */
export const COLLECTION_FUNCTIONS: FunctionTable = {
    contains: takes(2, ([collection, item], _context, name) => {
        if (Array.isArray(collection)) return collection.some((entry) => deepEqual(entry, item));
        if (typeof collection === "string") return collection.includes(needString(name, item));
        if (isObject(collection)) return Object.prototype.hasOwnProperty.call(collection, needString(name, item));
        throw new ExpressionError(`contains() of a ${typeName(collection)}`);
    }),
    empty: takes(1, ([value]) => {
        if (value === null) return true;
        if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
        if (isObject(value)) return Object.keys(value).length === 0;
        throw new ExpressionError(`empty() of a ${typeName(value)}`);
    }),
    first: takes(1, ([value]) => {
        if (typeof value === "string" || Array.isArray(value)) return value.length > 0 ? value[0] : null;
        throw new ExpressionError(`first() of a ${typeName(value)}`);
    }),
    length: takes(1, ([value]) => {
        if (typeof value === "string" || Array.isArray(value)) return value.length;
        throw new ExpressionError(`length() of a ${typeName(value)}`);
    }),
    take: takes(2, ([value, count], _context, name) => {
        const taken = needNumber(name, count);
        if (typeof value === "string" || Array.isArray(value)) return value.slice(0, taken) as Value;
        throw new ExpressionError(`take() of a ${typeName(value)}`);
    }),
};
