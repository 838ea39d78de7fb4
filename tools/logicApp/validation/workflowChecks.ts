import { pointerOf } from "../../common/jsonPointer";
import { isObject } from "../../common/objects";
import { problem, Problem } from "../../connector/model/problem";
import { ExpressionNode, expressionsIn, parseExpression } from "../../standIns/workflowEngine";
import { unescapeArmLiteral } from "../template/armExpressions";
import { stringsWithPointers } from "./armExpressionCheck";

/**
 * The workflow definition's expressions: each parses with the workflow engine's parser, calls a
 * function of the Workflow Definition Language, and names only actions and definition parameters
 * that exist.
 */

/** The Workflow Definition Language's functions (learn.microsoft.com, "Reference guide to workflow expression functions"), lower-case. */
export const WORKFLOW_FUNCTIONS: ReadonlySet<string> = new Set(
    [
        "action actions actionBody actionOutputs body formDataMultiValues formDataValue item items iterationIndexes",
        "listCallbackUrl multipartBody outputs parameters result trigger triggerBody triggerFormDataMultiValues",
        "triggerFormDataValue triggerMultipartBody triggerOutputs variables workflow",
        "chunk concat endsWith formatNumber guid indexOf isFloat isInt lastIndexOf length nthIndexOf replace slice split",
        "startsWith substring toLower toUpper trim contains empty first intersection join last skip sortBy reverse sort take union",
        "and equals greater greaterOrEquals if less lessOrEquals not or",
        "array base64 base64ToBinary base64ToString binary bool coalesce createArray dataUri dataUriToBinary",
        "dataUriToString decimal decodeBase64 decodeDataUri decodeUriComponent encodeUriComponent float int json string",
        "uriComponent uriComponentToBinary uriComponentToString xml add div max min mod mul rand range sub",
        "addDays addHours addMinutes addSeconds addToTime convertFromUtc convertTimeZone convertToUtc dateDifference",
        "dayOfMonth dayOfWeek dayOfYear formatDateTime getFutureTime getPastTime parseDateTime startOfDay startOfHour",
        "startOfMonth subtractFromTime ticks utcNow uriHost uriPath uriPathAndQuery uriPort uriQuery uriScheme",
        "addProperty removeProperty setProperty xpath",
    ]
        .join(" ")
        .split(" ")
        .map((name) => name.toLowerCase()),
);

/** Functions whose first argument names an action. */
const ACTION_FUNCTIONS = new Set(["actions", "action", "body", "outputs", "actionbody", "actionoutputs", "result"]);

/** Every action name of a definition, nested ones included. */
export function actionNames(actions: unknown, found = new Set<string>()): Set<string> {
    if (!isObject(actions)) return found;
    for (const [name, action] of Object.entries(actions)) {
        found.add(name);
        if (!isObject(action)) continue;
        actionNames(action.actions, found);
        if (isObject(action.else)) actionNames(action.else.actions, found);
        if (isObject(action.default)) actionNames(action.default.actions, found);
        if (isObject(action.cases))
            for (const branch of Object.values(action.cases)) if (isObject(branch)) actionNames(branch.actions, found);
    }
    return found;
}

function callsIn(node: ExpressionNode, found: Array<{ name: string; args: ExpressionNode[] }> = []) {
    if (node.kind === "call") {
        found.push({ name: node.name, args: node.args });
        node.args.forEach((arg) => callsIn(arg, found));
    } else if (node.kind === "access") {
        callsIn(node.target, found);
        callsIn(node.key, found);
    }
    return found;
}

const literalText = (node: ExpressionNode | undefined): string | undefined =>
    node?.kind === "literal" && typeof node.value === "string" ? node.value : undefined;

/** Checks the definition at `pointer` in the template (e.g. /resources/2/properties/definition). */
export function checkWorkflowExpressions(definition: unknown, pointer: string, file: string): Problem[] {
    if (!isObject(definition))
        return [problem(file, pointer, "workflow-definition", "the workflow has no definition object")];
    const actions = actionNames(definition.actions);
    const parameters = new Set(Object.keys(isObject(definition.parameters) ? definition.parameters : {}));
    const problems: Problem[] = [];
    for (const { pointer: where, text } of stringsWithPointers(definition, pointer)) {
        const value = unescapeArmLiteral(text);
        let expressions: string[];
        try {
            expressions = expressionsIn(value);
        } catch (error) {
            problems.push(problem(file, where, "workflow-expression", (error as Error).message));
            continue;
        }
        for (const expression of expressions) {
            let node: ExpressionNode;
            try {
                node = parseExpression(expression);
            } catch (error) {
                problems.push(
                    problem(
                        file,
                        where,
                        "workflow-expression",
                        `the expression does not parse: ${(error as Error).message}`,
                    ),
                );
                continue;
            }
            for (const { name, args } of callsIn(node)) {
                const lower = name.toLowerCase();
                const first = literalText(args[0]);
                if (!WORKFLOW_FUNCTIONS.has(lower))
                    problems.push(
                        problem(file, where, "workflow-function", `${name}() is not a workflow expression function`),
                    );
                else if (ACTION_FUNCTIONS.has(lower) && first !== undefined && !actions.has(first))
                    problems.push(
                        problem(
                            file,
                            where,
                            "workflow-reference",
                            `${name}('${first}') names no action of the workflow`,
                        ),
                    );
                else if (lower === "parameters" && first !== undefined && !parameters.has(first))
                    problems.push(
                        problem(
                            file,
                            where,
                            "workflow-reference",
                            `parameters('${first}') names no parameter of the workflow definition`,
                        ),
                    );
            }
        }
    }
    return problems;
}

/** Every ApiConnection action of a definition with its JSON pointer. */
export function apiConnectionActions(
    actions: unknown,
    pointer: string,
): Array<{ name: string; pointer: string; action: Record<string, unknown> }> {
    if (!isObject(actions)) return [];
    return Object.entries(actions).flatMap(([name, action]) => {
        if (!isObject(action)) return [];
        const here = `${pointer}${pointerOf(name)}`;
        const nested = [
            ...apiConnectionActions(action.actions, `${here}/actions`),
            ...(isObject(action.else) ? apiConnectionActions(action.else.actions, `${here}/else/actions`) : []),
            ...(isObject(action.default)
                ? apiConnectionActions(action.default.actions, `${here}/default/actions`)
                : []),
            ...(isObject(action.cases)
                ? Object.entries(action.cases).flatMap(([caseName, branch]) =>
                      isObject(branch)
                          ? apiConnectionActions(branch.actions, `${here}/cases${pointerOf(caseName)}/actions`)
                          : [],
                  )
                : []),
        ];
        return action.type === "ApiConnection" ? [{ name, pointer: here, action }, ...nested] : nested;
    });
}
