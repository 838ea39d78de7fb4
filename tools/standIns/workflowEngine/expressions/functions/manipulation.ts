import { isObject } from "../../../../common/objects";
import { ExpressionError, typeName, Value } from "../values";
import { FunctionTable, needString, takes } from "./workflowFunction";

/** JSON manipulation functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#manipulation-functions). */
export const MANIPULATION_FUNCTIONS: FunctionTable = {
    // A new object: the given one is not changed. An existing property fails, as Microsoft's reference says.
    addProperty: takes(3, ([object, property, value], _context, name) => {
        if (!isObject(object) || Array.isArray(object))
            throw new ExpressionError(`addProperty() of a ${typeName(object)}, not an object`);
        const key = needString(name, property);
        if (Object.prototype.hasOwnProperty.call(object, key))
            throw new ExpressionError(`addProperty() of '${key}', which the object already has`);
        return { ...(object as Record<string, Value>), [key]: value };
    }),
};
