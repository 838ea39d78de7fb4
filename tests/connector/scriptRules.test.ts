import { SCRIPT_CASES, ScriptCase } from "../../tools/connector/customCode/scriptCases";
import {
    buildParametersSchema,
    convertRunNowBody,
    executeConnectorScript,
    parseJobParametersJson,
    resolveOperationId,
    ScriptRequest,
} from "../../tools/connector/customCode/scriptRules";

/** Runs one case against the TypeScript rules; script.csx runs the same cases under Mono. */
async function run(testCase: ScriptCase) {
    const forwarded: ScriptRequest[] = [];
    const response = await executeConnectorScript(testCase.operationId, testCase.request, async (request) => {
        forwarded.push(request);
        return testCase.upstream ?? { status: 200, body: "{}" };
    });
    return { forwarded, response };
}

function expectBody(actual: string | undefined, expected: string | null | undefined, exact: boolean | undefined) {
    if (expected === undefined) return;
    if (expected === null) expect(actual ?? "").toBe("");
    else if (exact) expect(actual).toBe(expected);
    else expect(JSON.parse(actual ?? "null")).toEqual(JSON.parse(expected));
}

describe.each(SCRIPT_CASES.map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
    it("behaves as the case says", async () => {
        const { forwarded, response } = await run(testCase);
        const wanted = testCase.expect.forwarded;
        if (wanted) {
            expect(forwarded).toHaveLength(1);
            expect(forwarded[0].method).toBe(wanted.method);
            expect(forwarded[0].url).toBe(wanted.url);
            expectBody(forwarded[0].body, wanted.body, wanted.bodyExact);
        } else {
            expect(forwarded).toEqual([]);
        }
        expect(response.status).toBe(testCase.expect.response.status);
        expectBody(response.body, testCase.expect.response.body, testCase.expect.response.bodyExact);
    });
});

describe("parseJobParametersJson", () => {
    it("returns the parameters of a JSON object of strings", () => {
        expect(parseJobParametersJson('{"region":"emea","empty":""}')).toEqual({
            ok: true,
            parameters: { region: "emea", empty: "" },
        });
    });

    it("names the first value that is not text", () => {
        expect(parseJobParametersJson('{"a":"x","b":2,"c":false}')).toEqual({
            ok: false,
            message:
                'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}, but the value of "b" is a number.',
        });
    });
});

describe("convertRunNowBody", () => {
    it("leaves a body without job_parameters_json untouched", () => {
        expect(convertRunNowBody('{"job_id":1}')).toEqual({ kind: "unchanged" });
    });

    it("leaves a body that is not a JSON object for Databricks to judge", () => {
        expect(convertRunNowBody("not json")).toEqual({ kind: "unchanged" });
    });
});

describe("buildParametersSchema", () => {
    it("skips entries without a name", () => {
        const job = JSON.stringify({ settings: { parameters: [{ default: "x" }, { name: 7 }, { name: "ok" }] } });
        expect(Object.keys(JSON.parse(buildParametersSchema(job)).schema.properties)).toEqual(["ok"]);
    });

    it("answers an empty schema for a body that is not JSON", () => {
        expect(JSON.parse(buildParametersSchema("<html>"))).toEqual({ schema: { type: "object", properties: {} } });
    });
});

describe("resolveOperationId", () => {
    it("keeps plain operation IDs, even those that happen to be valid base64", () => {
        expect(resolveOperationId("RunNow")).toBe("RunNow");
        expect(resolveOperationId("GetRun")).toBe("GetRun");
    });

    it("decodes a base64-encoded operation ID", () => {
        expect(resolveOperationId(Buffer.from("GetJobParametersSchema").toString("base64"))).toBe(
            "GetJobParametersSchema",
        );
    });
});
