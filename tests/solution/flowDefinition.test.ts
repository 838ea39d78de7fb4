import { readFileSync } from "node:fs";
import { join } from "node:path";
import { needsReference, readReferenceText, REFERENCE_CHECKS } from "../support/reference";
import {
    accesses,
    expressionsIn,
    functionsCalled,
    KNOWN_FUNCTIONS,
    parseExpression,
    stringsIn,
} from "../../tools/standIns/workflowEngine";
import {
    allActions,
    CONNECTION_REFERENCE,
    expectParametersAsTheSwaggerNamesThem,
    flow,
    PORTAL_CONNECTION_REFERENCE,
    operation,
    referenceFlow,
    resolveSchema,
    source,
    WORKFLOW_FILE,
} from "./flowSupport";
import { SOURCE_DIR } from "./workspace";
import { child, parseXmlText } from "./xmlRead";

/**
 * The flow's JSON against the reference flow export (nbp-connector-flow-export) and against the
 * connector it calls (connector/apiDefinition.swagger.json).
 */

const definition = flow.properties.definition;
const connectorName = source.connector.name;
const apiName = Object.values(flow.properties.connectionReferences)[0]?.api.name;
const keys = (value: object) => Object.keys(value).sort();
const connectorActions = () => allActions().filter(({ action }) => action.type === "OpenApiConnection");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const flowExport = needsReference(REFERENCE_CHECKS.flowExport);

describe("the clientdata form of the reference export", () => {
    flowExport.test("the same top-level shape: properties (connectionReferences, definition) and schemaVersion", () => {
        expect(keys(flow)).toEqual(keys(referenceFlow()));
        expect(keys(flow.properties)).toEqual(keys(referenceFlow().properties));
        expect(flow.schemaVersion).toBe(referenceFlow().schemaVersion);
    });

    flowExport.test("definition: the same $schema, contentVersion and $connections/$authentication parameters", () => {
        expect(keys(definition)).toEqual(keys(referenceFlow().properties.definition));
        expect(definition.$schema).toBe(referenceFlow().properties.definition.$schema);
        expect(definition.contentVersion).toBe(referenceFlow().properties.definition.contentVersion);
        expect(definition.parameters).toEqual(referenceFlow().properties.definition.parameters);
    });

    flowExport.test("one manual trigger of kind PowerAppV2, as the reference's, with an input schema", () => {
        const [[name, trigger]] = Object.entries(definition.triggers);
        expect(Object.keys(definition.triggers)).toHaveLength(1);
        const [[referenceName, reference]] = Object.entries(referenceFlow().properties.definition.triggers);
        expect([name, trigger.type, trigger.kind]).toEqual([referenceName, reference.type, reference.kind]);
        expect(keys(trigger)).toEqual(keys(reference));
        expect(trigger.inputs.schema.type).toBe("object");
        const referenceInput = Object.values(reference.inputs.schema.properties)[0];
        for (const [key, input] of Object.entries(trigger.inputs.schema.properties)) {
            expect([key, keys(input)]).toEqual([key, keys(referenceInput)]);
            expect(input["x-ms-dynamically-added"]).toBe(true);
        }
        for (const required of trigger.inputs.schema.required ?? [])
            expect(Object.keys(trigger.inputs.schema.properties)).toContain(required);
    });

    test("the inputs: job ID and parameters JSON as text (required), idempotency token as text and the maximum wait as a number (optional)", () => {
        const schema = definition.triggers.manual.inputs.schema;
        const summary = Object.entries(schema.properties).map(([key, input]) => [
            key,
            input.type,
            input["x-ms-content-hint"],
            (schema.required ?? []).includes(key),
        ]);
        expect(summary).toEqual([
            ["job_id", "string", "TEXT", true],
            ["parameters_json", "string", "TEXT", true],
            ["idempotency_token", "string", "TEXT", false],
            ["max_wait_seconds", "number", "NUMBER", false],
        ]);
    });

    test("every action has a unique operationMetadataId and runs after actions of its own scope, with known statuses", () => {
        const ids = allActions().map(({ action }) => action.metadata?.operationMetadataId);
        for (const id of ids) expect(id).toMatch(GUID);
        expect(new Set(ids).size).toBe(ids.length);
        for (const { name, action, siblings } of allActions()) {
            for (const [before, statuses] of Object.entries(action.runAfter ?? {})) {
                expect([name, before, Object.keys(siblings).includes(before)]).toEqual([name, before, true]);
                for (const status of statuses) expect(["Succeeded", "Failed", "Skipped", "TimedOut"]).toContain(status);
            }
        }
    });
});

describe("the connection to the solution's connector", () => {
    flowExport.test(
        "one connection reference, shaped as the reference's, to the custom connector by its logical name",
        () => {
            const references = Object.entries(flow.properties.connectionReferences);
            expect(references).toHaveLength(1);
            const [key, reference] = references[0];
            const [, referenceEntry] = Object.entries(referenceFlow().properties.connectionReferences)[0];
            expect(keys(reference)).toEqual(keys(referenceEntry));
            expect(keys(reference.api)).toEqual(keys(referenceEntry.api));
            expect(reference.api.logicalName).toBe(connectorName);
            expect(key).toBe(reference.api.name);
            expect(reference.connection.connectionReferenceLogicalName).toBe(CONNECTION_REFERENCE);
        },
    );

    flowExport.test(
        "the API name has the form the export shows for a custom connector: shared_<name, _ as -5f, lower case>-5f<16 hex digits>",
        () => {
            const referenceApi = Object.values(referenceFlow().properties.connectionReferences)[0].api;
            const form = (name: string) => `shared_${name.toLowerCase().replace(/_/g, "-")}-5f`;
            expect(referenceApi.name.startsWith(form(referenceApi.logicalName ?? ""))).toBe(true);
            expect(referenceApi.name.slice(form(referenceApi.logicalName ?? "").length)).toMatch(/^[0-9a-f]{16}$/);
            expect(apiName.startsWith(form(connectorName))).toBe(true);
            expect(apiName.slice(form(connectorName).length)).toMatch(/^[0-9a-f]{16}$/);
        },
    );

    flowExport.test(
        "runs as the app's user: runtimeSource invoker, as the reference's Power Apps flow, and every call authenticates with $authentication",
        () => {
            expect(Object.values(flow.properties.connectionReferences)[0].runtimeSource).toBe("invoker");
            expect(Object.values(referenceFlow().properties.connectionReferences)[0].runtimeSource).toBe("invoker");
            for (const { name, action } of connectorActions())
                expect([name, (action.inputs as { authentication: unknown }).authentication]).toEqual([
                    name,
                    "@parameters('$authentication')",
                ]);
        },
    );

    test("the connection references (this flow's and the portal flow's) are defined in Customizations.xml, prefixed, and name the solution's connector", () => {
        const customizations = parseXmlText(readFileSync(join(SOURCE_DIR, "Other", "Customizations.xml"), "utf8"));
        const nodes = child(customizations, "connectionreferences").children;
        expect(nodes.map((node) => node.attributes.connectionreferencelogicalname)).toEqual([
            CONNECTION_REFERENCE,
            PORTAL_CONNECTION_REFERENCE,
        ]);
        for (const node of nodes) {
            expect(node.attributes.connectionreferencelogicalname.startsWith(`${source.publisherPrefix}_`)).toBe(true);
            const fields = Object.fromEntries(node.children.map((field) => [field.name, field]));
            expect(fields.connectorid.text).toBe(`/providers/Microsoft.PowerApps/apis/${apiName}`);
            expect(child(fields.customconnectorid, "connectorid").text).toBe(source.connector.id);
            expect(node.children.map((field) => field.name)).toEqual([
                "connectionreferencedisplayname",
                "connectorid",
                "customconnectorid",
                "description",
                "iscustomizable",
                "statecode",
                "statuscode",
            ]);
        }
    });
});

describe("every connector action against connector/apiDefinition.swagger.json", () => {
    flowExport.test(
        "calls RunNow, GetRun and GetRunOutput through the flow's one connection, with the reference's host fields",
        () => {
            const referenceHost = (
                Object.values(referenceFlow().properties.definition.actions).find(
                    (action) => action.type === "OpenApiConnection",
                )?.inputs as { host: object }
            ).host;
            expect(
                connectorActions().map(
                    ({ action }) => (action.inputs as { host: { operationId: string } }).host.operationId,
                ),
            ).toEqual(["RunNow", "GetRun", "GetRunOutput"]);
            for (const { action } of connectorActions()) {
                const host = (action.inputs as { host: { connectionName: string; apiId: string; operationId: string } })
                    .host;
                expect(keys(host)).toEqual(keys(referenceHost));
                expect(host.connectionName).toBe(apiName);
                expect(host.apiId).toBe(`/providers/Microsoft.PowerApps/apis/${apiName}`);
            }
        },
    );

    test("every operationId exists, every parameter the flow passes exists where its key says (name, or body/<field>), and every required one is passed", () => {
        expectParametersAsTheSwaggerNamesThem(connectorActions());
    });

    test("RunNow gets the job ID as an integer, the parameters as JSON text and an idempotency token; GetRun and GetRunOutput get int64 run IDs", () => {
        const byOperation = Object.fromEntries(
            connectorActions().map(({ action }) => [
                (action.inputs as { host: { operationId: string } }).host.operationId,
                (action.inputs as { parameters: Record<string, string> }).parameters,
            ]),
        );
        expect(keys(byOperation.RunNow)).toEqual(["body/idempotency_token", "body/job_id", "body/job_parameters_json"]);
        expect(byOperation.RunNow["body/job_id"]).toMatch(/^@int\(/);
        expect(byOperation.RunNow["body/job_parameters_json"]).toBe("@triggerBody()?['parameters_json']");
        const runNowBody = resolveSchema(
            operation("RunNow")?.parameters.find((parameter) => parameter.in === "body")?.schema,
        );
        expect([
            runNowBody?.properties?.job_id.type,
            runNowBody?.properties?.job_id.format,
            runNowBody?.properties?.job_parameters_json.type,
        ]).toEqual(["integer", "int64", "string"]);
        expect(keys(byOperation.GetRun)).toEqual(["run_id"]);
        expect(keys(byOperation.GetRunOutput)).toEqual(["run_id"]);
        for (const id of ["GetRun", "GetRunOutput"]) {
            expect(operation(id)?.parameters.find((parameter) => parameter.name === "run_id")).toMatchObject({
                in: "query",
                type: "integer",
                format: "int64",
                required: true,
            });
        }
        // The values come from int64 fields of the connector's responses: RunNow's run_id and a task's run_id.
        expect(byOperation.GetRun.run_id).toBe("@body('Run_now')?['run_id']");
        expect(resolveSchema({ $ref: "#/definitions/RunNowResponse" })?.properties?.run_id).toMatchObject({
            type: "integer",
            format: "int64",
        });
        expect(byOperation.GetRunOutput.run_id).toBe("@first(variables('Run')?['tasks'])?['run_id']");
        expect(
            resolveSchema(resolveSchema({ $ref: "#/definitions/Run" })?.properties?.tasks.items)?.properties?.run_id,
        ).toMatchObject({ type: "integer", format: "int64" });
    });

    test("GetRunOutput runs only for a finished run with exactly one task (a multi-task parent run is a 400)", () => {
        const condition = allActions().find(({ action }) =>
            Object.keys(action.actions ?? {}).includes("Get_run_output"),
        )?.action;
        expect(condition?.type).toBe("If");
        expect(JSON.stringify(condition?.expression)).toContain(
            "@length(coalesce(variables('Run')?['tasks'], createArray()))",
        );
        expect(JSON.stringify(condition?.expression)).toContain("@variables('Finished')");
    });
});

describe("error handling and the response", () => {
    test("every connector call has a handler that runs after it Failed or TimedOut", () => {
        for (const { name, siblings } of connectorActions()) {
            const handlers = Object.entries(siblings).filter(([, candidate]) => {
                const statuses = candidate.runAfter?.[name] ?? [];
                return statuses.includes("Failed") && statuses.includes("TimedOut");
            });
            expect([name, handlers.length]).toEqual([name, 1]);
        }
    });

    flowExport.test(
        "one Response of kind PowerApp, as the reference's, and it runs whatever happened before it",
        () => {
            const responses = allActions().filter(({ action }) => action.type === "Response");
            expect(responses).toHaveLength(1);
            const [{ name, action, scope }] = responses;
            const reference = Object.values(referenceFlow().properties.definition.actions).find(
                (candidate) => candidate.type === "Response",
            );
            expect([name, action.kind, scope]).toEqual(["Respond_to_a_PowerApp_or_flow", reference?.kind, "(top)"]);
            expect(keys(action.inputs as object)).toEqual(keys(reference?.inputs as object));
            // Every top-level action after the initialisations runs after its predecessor whatever its status.
            const chain = ["Run_and_wait", "If_a_call_failed", "Respond_to_a_PowerApp_or_flow"];
            for (const [index, next] of chain.slice(1).entries()) {
                expect(definition.actions[next].runAfter).toEqual({
                    [chain[index]]: ["Succeeded", "Failed", "Skipped", "TimedOut"],
                });
            }
            const topLevel = Object.keys(definition.actions);
            expect(topLevel.slice(-3)).toEqual(chain);
        },
    );

    flowExport.test(
        "the response declares every output it sends, with the reference's fields: run ID, state, finished, result, message, run page URL and output",
        () => {
            const inputs = definition.actions.Respond_to_a_PowerApp_or_flow.inputs as {
                statusCode: number;
                body: Record<string, unknown>;
                schema: { type: string; properties: Record<string, Record<string, unknown>> };
            };
            const referenceInputs = Object.values(referenceFlow().properties.definition.actions).find(
                (candidate) => candidate.type === "Response",
            )?.inputs as typeof inputs;
            expect(inputs.statusCode).toBe(200);
            expect(Object.keys(inputs.body)).toEqual([
                "run_id",
                "state",
                "finished",
                "result",
                "message",
                "run_page_url",
                "output",
            ]);
            expect(Object.keys(inputs.schema.properties)).toEqual(Object.keys(inputs.body));
            const referenceOutput = Object.values(referenceInputs.schema.properties)[0];
            for (const [key, property] of Object.entries(inputs.schema.properties)) {
                expect([key, keys(property)]).toEqual([key, keys(referenceOutput)]);
                expect(property.title).toBe(key);
                expect(property.type).toBe(key === "finished" ? "boolean" : "string");
            }
        },
    );
});

describe("the expressions", () => {
    const expressions = stringsIn(flow).flatMap(({ path, value }) =>
        expressionsIn(value).map((expression) => ({ path, expression })),
    );

    test("all parse, and call only documented functions the tests model", () => {
        expect(expressions.length).toBeGreaterThan(40);
        const unknown = expressions.flatMap(({ path, expression }) =>
            [...functionsCalled(parseExpression(expression))]
                .filter((name) => !(KNOWN_FUNCTIONS as readonly string[]).includes(name))
                .map((name) => `${path}: ${name}`),
        );
        expect(unknown).toEqual([]);
    });

    test("select properties only null-safely (?[...]): a missing field never fails an action", () => {
        const unsafe = expressions.filter(({ expression }) =>
            accesses(parseExpression(expression)).some((access) => !access.optional),
        );
        expect(unsafe).toEqual([]);
    });

    test("no SetVariable reads the variable it sets (the platform refuses self-reference)", () => {
        for (const { name, action } of allActions().filter(({ action }) => action.type === "SetVariable")) {
            const inputs = action.inputs as { name: string; value: unknown };
            expect([name, JSON.stringify(inputs.value).includes(`variables('${inputs.name}')`)]).toEqual([name, false]);
        }
    });

    test("variables are initialized once, at the top level, before they are used", () => {
        const initialized = allActions().filter(({ action }) => action.type === "InitializeVariable");
        for (const { scope } of initialized) expect(scope).toBe("(top)");
        const names = initialized
            .map(({ action }) =>
                (action.inputs as { variables: Array<{ name: string }> }).variables.map((variable) => variable.name),
            )
            .flat();
        expect(new Set(names).size).toBe(names.length);
        const used = new Set([...flowTextVariables()]);
        for (const variable of used) expect(names).toContain(variable);
    });
});

flowExport.test(
    "the JSON file is named <display name without spaces>-<WorkflowId in capitals>.json, as the export names it",
    () => {
        const data = parseXmlText(readFileSync(join(SOURCE_DIR, "Workflows", `${WORKFLOW_FILE}.data.xml`), "utf8"));
        expect(WORKFLOW_FILE).toBe(
            `${data.attributes.Name.replace(/[^A-Za-z0-9]/g, "")}-${data.attributes.WorkflowId.replace(/[{}]/g, "").toUpperCase()}.json`,
        );
        const reference = readReferenceText("dataverse-solutions/nbp-connector-flow-export/customizations.xml");
        expect(reference).toContain(
            "<JsonFileName>/Workflows/Flowdlakonektorakurswwalut-8FDE32D5-CF10-ED11-B83D-000D3ADA9E5F.json</JsonFileName>",
        );
    },
);

function flowTextVariables(): Set<string> {
    return new Set([...JSON.stringify(flow).matchAll(/variables\('([^']+)'\)/g)].map((match) => match[1]));
}
