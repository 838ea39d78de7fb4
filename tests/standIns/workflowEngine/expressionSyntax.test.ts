import {
    accesses,
    evaluateExpression,
    evaluateString,
    evaluateTemplate,
    ExpressionError,
    expressionsIn,
    functionsCalled,
    parseExpression,
    stringsIn,
} from "../../../tools/standIns/workflowEngine";
import { expressionContext } from "./support";

const evaluateText = (text: string) => evaluateExpression(text, expressionContext());
const template = (value: unknown) => evaluateTemplate(value, expressionContext());

describe("literals and the parser's errors", () => {
    test.each([
        ["'it''s'", "it's"],
        ["''", ""],
        ["-1.5", -1.5],
        ["  42  ", 42],
        ["true", true],
        ["false", false],
        ["null", null],
    ])("%s is %j", (text, expected) => {
        expect(evaluateText(text)).toEqual(expected);
    });

    test.each([
        ["'open", "unterminated string in 'open"],
        ["concat('a' # 'b')", "unexpected \"#\" in concat('a' # 'b')"],
        ["concat('a'", `expected ")" at token 4 of concat('a'`],
        ["1 2", 'unexpected {"type":"number","value":2} after a complete expression in 1 2'],
        ["variables('Run')?", `"?" must be followed by "[" or "." in variables('Run')?`],
        ["variables('Run').1", `expected a property name after "." in variables('Run').1`],
        ["", "unexpected end of "],
        ["Run", 'unexpected token {"type":"name","value":"Run"} in Run'],
    ])("%j does not parse: %s", (text, message) => {
        expect(() => parseExpression(text)).toThrow(new ExpressionError(message));
    });
});

describe("property and index access", () => {
    test("[...], ?[...], .name and ?.name select from objects and arrays", () => {
        expect(evaluateText("variables('Run')['state']['life_cycle_state']")).toBe("RUNNING");
        expect(evaluateText("variables('Run').state.life_cycle_state")).toBe("RUNNING");
        expect(evaluateText("variables('Run')?['tasks']?[0]?.run_id")).toBe(11);
    });

    test("? lets a missing property or a null through; without it, both fail", () => {
        expect(evaluateText("variables('Run')?['end_time']")).toBeNull();
        expect(evaluateText("variables('Run')?['end_time']?['x']")).toBeNull();
        expect(() => evaluateText("variables('Run')['end_time']")).toThrow(
            `property "end_time" does not exist, in the expression "variables('Run')['end_time']"`,
        );
        expect(() => evaluateText("coalesce()['x']")).toThrow('property "x" of null');
    });

    test("selecting from text, a number or a boolean fails, ? or not; an index outside the array fails", () => {
        expect(() => evaluateText("triggerBody()?['job_id']?['x']")).toThrow(
            'property "x" cannot be selected from a string',
        );
        expect(() => evaluateText("variables('Count')?['x']")).toThrow('property "x" cannot be selected from a number');
        expect(() => evaluateText("variables('Run')?['tasks']?[1]")).toThrow("index 1 of an array of 1");
        expect(() => evaluateText("variables('Run')?['tasks']?['0']")).toThrow('index "0" of an array of 1');
        expect(() => evaluateText("variables('Run')?[0]")).toThrow("property 0 of an object: the key must be a string");
    });

    test("an object's inherited names are not its properties", () => {
        expect(evaluateText("variables('Run')?['constructor']")).toBeNull();
        expect(() => evaluateText("variables('Run')['toString']")).toThrow('property "toString" does not exist');
    });
});

describe("strings in an action's inputs", () => {
    test('"@expr" is one expression and keeps its type; "@{expr}" is always text', () => {
        expect(template("@add(1, 2)")).toBe(3);
        expect(template("@{add(1, 2)}")).toBe("3");
        expect(template("@variables('Run')?['tasks']")).toEqual([{ run_id: 11 }]);
    });

    test("interpolation writes booleans as True and False, objects as JSON, and null as nothing", () => {
        expect(
            template("run @{body('Get_run')?['run_id']} is @{variables('Run')?['state']?['life_cycle_state']}"),
        ).toBe("run 7 is RUNNING");
        expect(template("finished: @{equals(1, 1)}; @{json('{\"a\": 1}')}; [@{coalesce()}]")).toBe(
            'finished: True; {"a":1}; []',
        );
    });

    test('"@@" is a literal "@"; text without "@{" is left alone; a "}" inside a string literal does not close "@{"', () => {
        expect(template("@@{not an expression}")).toBe("@{not an expression}");
        expect(template("user@example.com")).toBe("user@example.com");
        expect(template("@{concat('}', '''}')} done")).toBe("}'} done");
    });

    test("an unterminated @{ fails, and an error inside @{...} names that expression", () => {
        expect(() => template("run @{variables('Count')")).toThrow(
            new ExpressionError(`unterminated "@{" in run @{variables('Count')`),
        );
        expect(() => template("run @{div(1, 0)} now")).toThrow(
            new ExpressionError(`div() by zero, in the expression "div(1, 0)"`),
        );
    });

    test("objects and arrays are walked; numbers, booleans and null stay as they are", () => {
        expect(template({ a: ["@variables('Count')", 2, true, null], b: { c: "@{variables('Count')}" } })).toEqual({
            a: [3, 2, true, null],
            b: { c: "3" },
        });
    });

    test("evaluateString reads one string the same way", () => {
        expect(evaluateString("@triggerBody()?['job_id']", expressionContext())).toBe("42");
    });
});

describe("reading a definition's expressions without running them", () => {
    test("expressionsIn finds the expressions of a string; stringsIn every string of a JSON value with its pointer", () => {
        expect(expressionsIn("@variables('A')")).toEqual(["variables('A')"]);
        expect(expressionsIn("a @{b()} c @{d(1)}")).toEqual(["b()", "d(1)"]);
        expect(expressionsIn("@@literal")).toEqual([]);
        expect(expressionsIn("plain")).toEqual([]);
        expect(stringsIn({ a: ["x", { b: "y" }], c: 1 })).toEqual([
            { path: "/a/0", value: "x" },
            { path: "/a/1/b", value: "y" },
        ]);
    });

    test("functionsCalled names every function called; accesses says which selections are null-safe", () => {
        const node = parseExpression("coalesce(first(variables('Run')?['tasks'])['run_id'], int('0'))");
        expect([...functionsCalled(node)].sort()).toEqual(["coalesce", "first", "int", "variables"]);
        expect(accesses(node).map((access) => access.optional)).toEqual([false, true]);
    });
});
