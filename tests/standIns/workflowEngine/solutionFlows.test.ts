import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isObject } from "../../../tools/common/objects";
import { repoPath } from "../../../tools/common/repoPaths";
import {
    ACTION_TYPES,
    expressionsIn,
    functionsCalled,
    KNOWN_FUNCTIONS,
    parseExpression,
    stringsIn,
} from "../../../tools/standIns/workflowEngine";

/** Every flow of the solution is one the engine runs: each action type it uses has a handler, each function it calls is in the table. */

const WORKFLOWS = repoPath("solution", "src", "Workflows");
const flows = readdirSync(WORKFLOWS)
    .filter((file) => file.endsWith(".json"))
    .map((file) => ({ file, flow: JSON.parse(readFileSync(join(WORKFLOWS, file), "utf8")) as unknown }));

/** The type of every action of a definition's actions map, nested ones (Scope, If, Switch, Until, Foreach) included, with its JSON pointer. */
function actionTypes(actions: unknown, pointer: string): Array<{ pointer: string; type: unknown }> {
    if (!isObject(actions)) return [];
    return Object.entries(actions).flatMap(([name, action]) => {
        if (!isObject(action)) return [{ pointer: `${pointer}/${name}`, type: undefined }];
        const here = `${pointer}/${name}`;
        const cases = isObject(action.cases) ? Object.entries(action.cases) : [];
        return [
            { pointer: here, type: action.type },
            ...actionTypes(action.actions, `${here}/actions`),
            ...actionTypes(isObject(action.else) ? action.else.actions : undefined, `${here}/else/actions`),
            ...actionTypes(isObject(action.default) ? action.default.actions : undefined, `${here}/default/actions`),
            ...cases.flatMap(([caseName, branch]) =>
                actionTypes(isObject(branch) ? branch.actions : undefined, `${here}/cases/${caseName}/actions`),
            ),
        ];
    });
}

test("the solution has flows to check", () => {
    expect(flows.length).toBeGreaterThanOrEqual(2);
});

describe.each(flows.map(({ file, flow }) => [file, flow] as const))("%s", (_file, flow) => {
    const definition = (flow as { properties: { definition: { actions: unknown } } }).properties.definition;

    test("uses only action types the engine runs", () => {
        const unsupported = actionTypes(definition.actions, "/actions").filter(
            ({ type }) => typeof type !== "string" || !ACTION_TYPES.includes(type),
        );
        expect(unsupported).toEqual([]);
    });

    test("calls only functions of the engine's table", () => {
        const unknown = stringsIn(flow).flatMap(({ path, value }) =>
            expressionsIn(value).flatMap((expression) =>
                [...functionsCalled(parseExpression(expression))]
                    .filter((name) => !KNOWN_FUNCTIONS.includes(name))
                    .map((name) => `${path}: ${name}()`),
            ),
        );
        expect(unknown).toEqual([]);
    });
});
