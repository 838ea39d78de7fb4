import { pointerOf } from "../../common/jsonPointer";
import { isObject } from "../../common/objects";
import { problem, Problem } from "../../connector/model/problem";
import { ARM_FUNCTIONS, armCalls, isArmExpression, parseArmExpression } from "../template/armExpressions";
import { ArmTemplate } from "../template/armTemplate";

/** Every string of a JSON value with its JSON pointer (object keys are never evaluated). */
export function stringsWithPointers(value: unknown, pointer = ""): Array<{ pointer: string; text: string }> {
    if (typeof value === "string") return [{ pointer, text: value }];
    if (Array.isArray(value)) return value.flatMap((item, index) => stringsWithPointers(item, `${pointer}/${index}`));
    if (isObject(value))
        return Object.entries(value).flatMap(([key, item]) => stringsWithPointers(item, `${pointer}${pointerOf(key)}`));
    return [];
}

/**
 * Every ARM expression in the template parses, calls only ARM's template functions, and refers only
 * to declared parameters (and to no variables: the template declares none).
 */
export function checkArmExpressions(template: ArmTemplate, file: string): Problem[] {
    const declared = new Set(Object.keys(isObject(template.parameters) ? template.parameters : {}));
    const declaredVariables = (template as unknown as { variables?: unknown }).variables;
    const variables = new Set(Object.keys(isObject(declaredVariables) ? declaredVariables : {}));
    return stringsWithPointers(template)
        .filter(({ text }) => isArmExpression(text))
        .flatMap(({ pointer, text }) => {
            let calls;
            try {
                calls = armCalls(parseArmExpression(text.slice(1, -1)));
            } catch (error) {
                return [
                    problem(
                        file,
                        pointer,
                        "arm-expression",
                        `the ARM expression does not parse: ${(error as Error).message}`,
                    ),
                ];
            }
            return calls.flatMap(({ name, firstArgument }) => {
                const lower = name.toLowerCase();
                if (!ARM_FUNCTIONS.has(lower))
                    return [problem(file, pointer, "arm-expression", `${name}() is not an ARM template function`)];
                if (lower === "parameters" && (firstArgument === undefined || !declared.has(firstArgument)))
                    return [
                        problem(
                            file,
                            pointer,
                            "arm-parameter",
                            `parameters('${firstArgument ?? "?"}') refers to no declared template parameter`,
                        ),
                    ];
                if (lower === "variables" && (firstArgument === undefined || !variables.has(firstArgument)))
                    return [
                        problem(
                            file,
                            pointer,
                            "arm-variable",
                            `variables('${firstArgument ?? "?"}') refers to no declared template variable`,
                        ),
                    ];
                return [];
            });
        });
}
