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
    const namesIn = (section: unknown) => new Set(Object.keys(isObject(section) ? section : {}));
    /** The functions that name a declaration of the template, with what they name and the rule a miss breaks. */
    const declarations = new Map([
        ["parameters", { names: namesIn(template.parameters), rule: "arm-parameter", what: "template parameter" }],
        [
            "variables",
            {
                names: namesIn((template as unknown as { variables?: unknown }).variables),
                rule: "arm-variable",
                what: "template variable",
            },
        ],
    ]);
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
                const declaration = declarations.get(lower);
                if (declaration && (firstArgument === undefined || !declaration.names.has(firstArgument)))
                    return [
                        problem(
                            file,
                            pointer,
                            declaration.rule,
                            `${lower}('${firstArgument ?? "?"}') refers to no declared ${declaration.what}`,
                        ),
                    ];
                return [];
            });
        });
}
