import {
    evaluateExpression,
    ExpressionError,
    FUNCTIONS,
    KNOWN_FUNCTIONS,
    Value,
} from "../../../tools/standIns/workflowEngine";
import { expressionContext, NOW } from "./support";

/** Each function of the table, by the result a flow would get from it. */
const CASES: Record<string, Array<[expression: string, expected: Value]>> = {
    concat: [
        ["concat('run ', 7, ': ', true)", "run 7: True"],
        ["concat('ids ', createArray(1, 2))", "ids [1,2]"],
        ["concat()", ""],
    ],
    endsWith: [
        ["endsWith('notebook.py', '.py')", true],
        ["endsWith('notebook.py', '.sql')", false],
    ],
    formatNumber: [
        ["formatNumber(45.5, '0')", "46"],
        ["formatNumber(-2.5, '0')", "-3"],
        ["formatNumber(2.4, '0', 'en-us')", "2"],
    ],
    startsWith: [
        ["startsWith('{\"a\": 1}', '{')", true],
        ["startsWith('<html>', '{')", false],
    ],
    replace: [
        ["replace('12a4', 'a', '')", "124"],
        ["replace('a\\\"b', '\\\"', '')", "ab"],
        ["replace('Abab', 'b', 'c')", "Acac"],
    ],
    split: [
        ["split('a,b,,c', ',')", ["a", "b", "", "c"]],
        ['length(split(\'{"a":"x","b":1}\', \'":\'))', 3],
    ],
    trim: [["trim('  12 ')", "12"]],
    contains: [
        ["contains(createArray(1, 2), 2)", true],
        ["contains(createArray(1, 2), '2')", false],
        ["contains('RUN_EXECUTION_ERROR', 'ERROR')", true],
        ["contains(variables('Run'), 'tasks')", true],
        ["contains(variables('Run'), 'end_time')", false],
    ],
    empty: [
        ["empty('')", true],
        ["empty(createArray())", true],
        ["empty(json('{}'))", true],
        ["empty(coalesce())", true],
        ["empty(' ')", false],
        ["empty(variables('Run'))", false],
    ],
    first: [
        ["first(createArray(3, 4))", 3],
        ["first('abc')", "a"],
        ["first(createArray())", null],
    ],
    length: [
        ["length('abc')", 3],
        ["length(variables('Run')?['tasks'])", 1],
    ],
    take: [
        ["take('abcdef', 2)", "ab"],
        ["take(createArray(1, 2, 3), 2)", [1, 2]],
    ],
    and: [
        ["and(true, true)", true],
        ["and(true, true, false)", false],
    ],
    equals: [
        ["equals(1, 1)", true],
        ["equals(1, '1')", false],
        ["equals(json('{\"a\": [1, null]}'), json('{\"a\": [1, null]}'))", true],
        ["equals(createArray(), json('{}'))", false],
    ],
    greater: [
        ["greater(2, 1)", true],
        ["greater(1, 1)", false],
    ],
    greaterOrEquals: [["greaterOrEquals(1, 1)", true]],
    if: [
        ["if(true, 'yes', 'no')", "yes"],
        ["if(false, 'yes', 'no')", "no"],
    ],
    less: [["less(1, 2)", true]],
    lessOrEquals: [
        ["lessOrEquals(2, 2)", true],
        ["lessOrEquals(3, 2)", false],
    ],
    not: [["not(false)", true]],
    or: [
        ["or(false, false, true)", true],
        ["or(false, false)", false],
    ],
    coalesce: [
        ["coalesce(null, null, 'x')", "x"],
        ["coalesce(variables('Run')?['end_time'], 0)", 0],
        ["coalesce()", null],
    ],
    createArray: [
        ["createArray(1, 'a', null)", [1, "a", null]],
        ["createArray()", []],
    ],
    addProperty: [
        ["addProperty(json('{\"a\": 1}'), 'b', createArray(2))", { a: 1, b: [2] }],
        ["addProperty(addProperty(json('{}'), 'job_id', 5), 'x', null)", { job_id: 5, x: null }],
    ],
    encodeUriComponent: [
        ["encodeUriComponent('a b/c?d=1&e')", "a%20b%2Fc%3Fd%3D1%26e"],
        ["encodeURIComponent('it''s (1)*!')", "it%27s%20%281%29%2A%21"],
        ["encodeUriComponent(123)", "123"],
    ],
    int: [
        ["int('42')", 42],
        ["int(' -7 ')", -7],
        ["int(3)", 3],
        ["int('9007199254740991')", 9007199254740991],
    ],
    json: [["json('{\"a\": [1, null, true]}')", { a: [1, null, true] }]],
    string: [
        ["string(true)", "True"],
        ["string(1.5)", "1.5"],
        ["string(json('{\"a\": 1}'))", '{"a":1}'],
        ["string('text')", "text"],
    ],
    add: [["add(1, 2.5)", 3.5]],
    div: [
        ["div(7, 2)", 3],
        ["div(-7, 2)", -3],
        ["div(7.5, 2)", 3.75],
    ],
    max: [
        ["max(1, 5, 3)", 5],
        ["max(createArray(1, 9))", 9],
    ],
    min: [
        ["min(4, 2)", 2],
        ["min(createArray(8, -1))", -1],
    ],
    mul: [["mul(6, 7)", 42]],
    sub: [["sub(1, 3)", -2]],
    addSeconds: [
        ["addSeconds('2026-01-01T00:00:00Z', 90)", "2026-01-01T00:01:30.000Z"],
        ["addSeconds('2026-01-01T00:00:00Z', -1)", "2025-12-31T23:59:59.000Z"],
    ],
    ticks: [
        ["ticks('1970-01-01T00:00:00Z')", 621355968000000000],
        ["sub(ticks('2026-01-01T00:00:10Z'), ticks('2026-01-01T00:00:00Z'))", 100000000],
    ],
    utcNow: [["utcNow()", NOW.toISOString()]],
    actions: [
        [
            "actions('Broken')",
            {
                name: "Broken",
                status: "Failed",
                outputs: null,
                code: "Http500",
                error: { code: "Http500", message: "boom" },
            },
        ],
    ],
    body: [
        ["body('Get_run')", { run_id: 7 }],
        ["body('Rules')", null],
    ],
    item: [["item()?['job_id']", "7"]],
    items: [["items('Each_job')?['job_id']", "8"]],
    outputs: [
        ["outputs('Rules')", { a: 1 }],
        ["outputs('Broken')", null],
    ],
    parameters: [["parameters('region')", "emea"]],
    triggerBody: [["triggerBody()?['job_id']", "42"]],
    triggerOutputs: [
        ["triggerOutputs()?['headers']?['Content-Type']", "application/json"],
        ["triggerOutputs()?['body']?['job_id']", "42"],
    ],
    variables: [["variables('Count')", 3]],
    workflow: [["workflow()?['run']?['name']", "run-1"]],
};

const evaluateText = (text: string) => evaluateExpression(text, expressionContext());
const errorOf = (text: string): string => {
    try {
        evaluateText(text);
    } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        return (error as Error).message;
    }
    throw new Error(`${text} did not fail`);
};

test("every function of the table has cases here, and the table holds the documented functions the flow needs", () => {
    expect(Object.keys(CASES).sort()).toEqual([...KNOWN_FUNCTIONS]);
    expect(KNOWN_FUNCTIONS).toHaveLength(47);
});

describe.each(Object.entries(CASES))("%s()", (_name, cases) => {
    test.each(cases)("%s", (expression, expected) => {
        expect(evaluateText(expression)).toEqual(expected);
    });
});

describe("errors name the function and the expression", () => {
    test("an unknown function, inherited object names included", () => {
        expect(errorOf("formatDateTime(utcNow(), 'yyyy')")).toBe(
            `unknown function formatDateTime(), in the expression "formatDateTime(utcNow(), 'yyyy')"`,
        );
        expect(errorOf("toString()")).toBe(`unknown function toString(), in the expression "toString()"`);
        expect(errorOf("concat('a', constructor())")).toMatch(/^unknown function constructor\(\)/);
    });

    test("too few or too many arguments, for every function of the table", () => {
        for (const [name, { minArgs, maxArgs }] of Object.entries(FUNCTIONS)) {
            const call = (count: number) => `${name}(${Array.from({ length: count }, () => "1").join(", ")})`;
            if (minArgs > 0)
                expect(errorOf(call(minArgs - 1))).toMatch(
                    new RegExp(`^${name}\\(\\) takes .*, got ${minArgs - 1}, in the expression "${name}\\(`),
                );
            if (maxArgs !== Infinity)
                expect(errorOf(call(maxArgs + 1))).toMatch(
                    new RegExp(`^${name}\\(\\) takes .*, got ${maxArgs + 1}, in the expression`),
                );
        }
    });

    test("the number of arguments a function takes is said plainly", () => {
        expect(errorOf("if(true, 1)")).toBe(`if() takes 3 arguments, got 2, in the expression "if(true, 1)"`);
        expect(errorOf("not(true, false)")).toMatch(/^not\(\) takes 1 argument, got 2,/);
        expect(errorOf("formatNumber(1)")).toMatch(/^formatNumber\(\) takes 2-3 arguments, got 1,/);
        expect(errorOf("and(true)")).toMatch(/^and\(\) takes at least 2 arguments, got 1,/);
        expect(errorOf("utcNow('o')")).toMatch(/^utcNow\(\) takes 0 arguments, got 1,/);
    });

    test.each([
        ["concat('a', null)", "concat() of null"],
        ["string(coalesce())", "string() of null"],
        ["length(5)", "length() of a number"],
        ["first(json('{}'))", "first() of a object"],
        ["take(5, 1)", "take() of a number"],
        ["contains(5, 1)", "contains() of a number"],
        ["empty(true)", "empty() of a boolean"],
        ["add('1', 2)", "add() expects a number, got string"],
        ["greater(coalesce(), 1)", "greater() expects a number, got null"],
        ["if('yes', 1, 2)", "if() expects a boolean, got string"],
        ["and(true, 1)", "and() expects a boolean, got number"],
        ["trim(1)", "trim() expects a string, got number"],
        ["int('1.5')", 'int() cannot convert "1.5"'],
        ["int('9007199254740993')", "int('9007199254740993') is beyond what this evaluator keeps exactly"],
        ["json('not json')", "json() of text that is not JSON: not json"],
        ["div(1, 0)", "div() by zero"],
        ["min(createArray())", "min() of nothing"],
        ["formatNumber(1, '0.00')", 'formatNumber() with format "0.00" is not modelled'],
        ["ticks('yesterday')", "ticks() expects a timestamp, got yesterday"],
        ["addSeconds('soon', 1)", "addSeconds() expects a timestamp, got soon"],
        ["addSeconds('2026-01-01T00:00:00Z', 1.5)", "addSeconds() takes whole seconds"],
        ["variables('Missing')", "variables('Missing') is not initialized"],
        ["parameters('missing')", "parameters('missing') is not defined"],
        ["parameters('constructor')", "parameters('constructor') is not defined"],
        ["body('Not_taken')", "body('Not_taken'): the action was skipped"],
        ["outputs('Later')", "outputs('Later'): the action has not run"],
        ["items('Other_loop')", "items('Other_loop') outside the Foreach Other_loop"],
        ["addProperty(createArray(), 'a', 1)", "addProperty() of a array, not an object"],
        ["addProperty(json('{\"a\": 1}'), 'a', 2)", "addProperty() of 'a', which the object already has"],
    ])("%s fails: %s", (expression, message) => {
        expect(errorOf(expression)).toBe(`${message}, in the expression "${expression}"`);
    });

    test("if() evaluates both branches, as Logic Apps does: a branch that would fail fails the expression", () => {
        expect(errorOf("if(true, 1, div(1, 0))")).toMatch(/^div\(\) by zero/);
    });
});
