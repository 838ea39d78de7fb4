import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertRunNowBody } from "../../tools/connector/customCode/scriptRules";
import { generateLogicAppTemplate, TemplateGenerationError } from "../../tools/logicApp/template";
import { LOGIC_APP_WORDING } from "../../tools/logicApp/template/workflowConversion";
import { evaluateExpression, ExpressionContext, FUNCTIONS, Value } from "../../tools/standIns/workflowEngine";

/** What JSON.parse gives: the template is read as the JSON it is. */
type ParsedJson = ReturnType<typeof JSON.parse>;
/** The portal flow's actions in their Logic Apps form, and RunNow doing what script.csx does. */

const { template } = generateLogicAppTemplate();
const definition = template.resources[2].properties.definition as ParsedJson;
const FLOW_FILE = "Workflows/DatabricksjobforPowerPages-E1E681A1-10B6-4AD7-86FC-9321D828627A.json";

function findAction(actions: ParsedJson, name: string): ParsedJson {
    for (const [key, action] of Object.entries<ParsedJson>(actions)) {
        if (key === name) return action;
        for (const nested of [action.actions, action.else?.actions]) {
            const found = nested ? findAction(nested, name) : undefined;
            if (found) return found;
        }
    }
    return undefined;
}
const action = (name: string) => findAction(definition.actions, name);
const CONNECTION = { connection: { name: "@parameters('$connections')['databricksjobs']['connectionId']" } };

describe("the converted connector calls", () => {
    it.each([
        ["Get_job", "get", "/api/2.2/jobs/get", { job_id: "@outputs('Inputs')?['job_id']" }],
        ["Get_started_run", "get", "/api/2.2/jobs/runs/get", { run_id: "@body('Run_now')?['run_id']" }],
        ["Get_run", "get", "/api/2.2/jobs/runs/get", { run_id: "@outputs('Inputs')?['run_id']" }],
        ["Get_canceled_run", "get", "/api/2.2/jobs/runs/get", { run_id: "@outputs('Inputs')?['run_id']" }],
    ])("%s: %s %s with its query", (name, method, path, queries) => {
        expect(action(name)).toMatchObject({
            type: "ApiConnection",
            inputs: { host: CONNECTION, method, path, queries },
        });
        expect(action(name).inputs.body).toBeUndefined();
        expect(action(name).inputs.retryPolicy).toEqual({ type: "fixed", count: 2, interval: "PT3S" });
    });

    it("Cancel_run: POST runs/cancel with the run id in the body", () => {
        expect(action("Cancel_run").inputs).toMatchObject({
            host: CONNECTION,
            method: "post",
            path: "/api/2.2/jobs/runs/cancel",
            body: { run_id: "@int(outputs('Inputs')?['run_id'])" },
        });
    });

    it("Run_now: POST run-now with one body expression and no authentication of Power Automate's", () => {
        const runNow = action("Run_now");
        expect(runNow.inputs).toMatchObject({ host: CONNECTION, method: "post", path: "/api/2.2/jobs/run-now" });
        expect(runNow.inputs.body).toMatch(/^@if\(/);
        expect(JSON.stringify(definition)).not.toMatch(/OpenApiConnection|\$authentication|operationMetadataId/);
    });

    it("keeps the run-after graph of every action", () => {
        expect(action("Get_started_run").runAfter).toEqual({ Set_Run_started: ["Succeeded"] });
        expect(action("Get_canceled_run").runAfter).toEqual({ Cancel_run: ["Succeeded"] });
    });
});

describe("the trigger, the reply and the allow-list", () => {
    it("is an HTTP Request trigger whose inputs are named by the flow's titles", () => {
        const trigger = definition.triggers.manual;
        expect(trigger.type).toBe("Request");
        expect(trigger.kind).toBe("Http");
        expect(trigger.inputs.method).toBe("POST");
        expect(Object.keys(trigger.inputs.schema.properties)).toEqual([
            "action",
            "job_id",
            "parameters",
            "run_id",
            "idempotency_token",
        ]);
        for (const input of Object.values<ParsedJson>(trigger.inputs.schema.properties))
            expect(input.type).toBe("string");
        expect(action("Inputs").inputs.action).toBe("@string(coalesce(triggerBody()?['action'], ''))");
        expect(JSON.stringify(definition)).not.toMatch(/triggerBody\(\)\?\['text/);
    });

    it("answers with an HTTP Response of the same outputs as JSON", () => {
        expect(action("Return_value(s)_to_Power_Pages")).toBeUndefined();
        expect(action("Respond_to_the_caller")).toMatchObject({
            type: "Response",
            kind: "Http",
            inputs: {
                statusCode: 200,
                headers: { "Content-Type": "application/json" },
                body: {
                    run: "@{variables('Run')}",
                    job: "@{variables('Job')}",
                    error: "@{variables('Error')}",
                    code: "@{variables('Code')}",
                },
            },
        });
    });

    it("reads the allow-list parameter as the JSON text the flow's checks expect", () => {
        expect(action("Allowed_job_ids").inputs).toBe("@json(string(parameters('allowedJobIds')))");
        expect(JSON.stringify(definition)).not.toContain("parameters('Portal allowed job IDs");
    });
});

describe("RunNow's body without script.csx", () => {
    const body: string = action("Run_now").inputs.body;
    const RUN_NAME = "08584567890123456789012345CU00";

    function evaluateBody(inputs: Record<string, string>): Value {
        const context: ExpressionContext = {
            variables: new Map(),
            triggerBody: null,
            actions: new Map([["Inputs", { name: "Inputs", status: "Succeeded", outputs: inputs }]]),
            parameters: {},
            workflow: { run: { name: RUN_NAME } },
            now: () => new Date(0),
        };
        return evaluateExpression(body.slice(1), context);
    }

    /** What the flow's OpenApiConnection sends, after script.csx (scriptRules, which the validator keeps equal to script.csx). */
    function afterScript(inputs: Record<string, string>): unknown {
        const flowBody = {
            job_id: Number(inputs.job_id),
            job_parameters_json: inputs.parameters,
            idempotency_token: inputs.idempotency_token === "" ? RUN_NAME : inputs.idempotency_token,
        };
        const outcome = convertRunNowBody(JSON.stringify(flowBody));
        if (outcome.kind === "rejected") throw new Error(outcome.message);
        return outcome.kind === "unchanged" ? flowBody : JSON.parse(outcome.body);
    }

    it.each([
        [
            "job parameters",
            {
                job_id: "123456789012345",
                parameters: '{"region": "emea", "day": "2024-01-31"}',
                idempotency_token: "t-1",
            },
        ],
        ["no parameters", { job_id: "42", parameters: "", idempotency_token: "t-2" }],
        ["blank parameters", { job_id: "42", parameters: "   ", idempotency_token: "" }],
        ["an empty object", { job_id: "42", parameters: "{}", idempotency_token: "t-3" }],
        ["quotes in a value", { job_id: "7", parameters: '{"q": "say \\"hi\\""}', idempotency_token: "a'b" }],
    ])("sends what the script sends: %s", (_case, inputs) => {
        if (!("addProperty" in FUNCTIONS))
            throw new Error("The workflow engine has no addProperty(), which Logic Apps has and Run_now's body uses.");
        const sent = evaluateBody(inputs);
        expect(sent).toEqual(afterScript(inputs));
        expect(JSON.stringify(sent)).toBe(JSON.stringify(afterScript(inputs)));
    });
});

describe("what the converter refuses", () => {
    const flowPath = join(__dirname, "../../solution/src", FLOW_FILE);
    const original = readFileSync(flowPath, "utf8");

    function generateWith(edit: (text: string) => string): () => unknown {
        const dir = mkdtempSync(join(tmpdir(), "logicapp-solution-"));
        cpSync(join(__dirname, "../../solution/src"), dir, { recursive: true });
        writeFileSync(join(dir, FLOW_FILE), edit(original));
        return () => {
            try {
                return generateLogicAppTemplate({ solutionDir: dir });
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        };
    }
    const pointerOf = (run: () => unknown): string => {
        try {
            run();
        } catch (error) {
            if (error instanceof TemplateGenerationError) return `${error.file}#${error.pointer}`;
            throw error;
        }
        throw new Error("no error");
    };
    const errorOf = (run: () => unknown): TemplateGenerationError => {
        try {
            run();
        } catch (error) {
            if (error instanceof TemplateGenerationError) return error;
            throw error;
        }
        throw new Error("no error");
    };
    const GET_JOB =
        "/properties/definition/actions/If_the_request_is_valid/actions/If_describe_or_start/actions/If_the_job_is_allowed/actions/If_describe/actions/Get_job";

    it("an unknown operationId, naming the action's JSON pointer", () => {
        const run = generateWith((text) => text.replace('"operationId": "GetJob"', '"operationId": "GetJobs"'));
        expect(pointerOf(run)).toBe(`${FLOW_FILE}#${GET_JOB}/inputs/host/operationId`);
    });

    it("a parameter the swagger does not have", () => {
        const run = generateWith((text) =>
            text.replace(`"job_id": "@outputs('Inputs')?['job_id']"`, `"jobid": "@outputs('Inputs')?['job_id']"`),
        );
        expect(pointerOf(run)).toBe(`${FLOW_FILE}#${GET_JOB}/inputs/parameters/jobid`);
    });

    it("a body field the swagger does not have", () => {
        const run = generateWith((text) => text.replace('"body/job_parameters_json"', '"body/parameters_json"'));
        expect(pointerOf(run)).toMatch(/Run_now\/inputs\/parameters\/body~1parameters_json$/);
    });

    it("a trigger other than Power Pages'", () => {
        const run = generateWith((text) =>
            text.replace(
                '"kind": "PowerPages",\n          "inputs": {\n            "schema"',
                '"kind": "Button",\n          "inputs": {\n            "schema"',
            ),
        );
        expect(pointerOf(run)).toBe(`${FLOW_FILE}#/properties/definition/triggers/manual`);
    });

    it("a flow whose words the Logic App rewords no longer says them", () => {
        const run = generateWith((text) =>
            text.replace("its run history in Power Automate shows", "its run history shows"),
        );
        const error = errorOf(run);
        expect(`${error.file}#${error.pointer}`).toBe(`${FLOW_FILE}#/properties/definition/actions`);
        expect(error.message).toContain("update LOGIC_APP_WORDING");
    });

    it("a flow that refers to the reply it renames", () => {
        const run = generateWith((text) =>
            text.replace(
                '"Set_Code_refused": {',
                '"Set_Code_refused": {"description": "before Return_value(s)_to_Power_Pages",',
            ),
        );
        expect(errorOf(run).message).toContain("update RENAMED_ACTIONS");
    });

    it("a reply other than Power Pages'", () => {
        const run = generateWith((text) =>
            text.replace(
                '"type": "Response",\n          "kind": "PowerPages"',
                '"type": "Response",\n          "kind": "Http"',
            ),
        );
        expect(pointerOf(run)).toBe(`${FLOW_FILE}#/properties/definition/actions/Return_value(s)_to_Power_Pages/kind`);
    });
});

describe("what a Logic App's caller reads", () => {
    const text = JSON.stringify(definition);
    it.each(LOGIC_APP_WORDING)("names the Logic App's own setting or history: $logicApp", ({ flow, logicApp }) => {
        expect(text).toContain(logicApp);
        expect(text).not.toContain(flow);
    });
});
