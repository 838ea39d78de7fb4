import { needsReference, readReferenceJson, REFERENCE_CHECKS } from "../support/reference";
import {
    Action,
    allActions,
    expectParametersAsTheSwaggerNamesThem,
    Flow,
    operation,
    PORTAL_CONNECTION_REFERENCE,
    portalFlow,
    source,
} from "./flowSupport";

/**
 * The portal flow's JSON against Microsoft's Power Pages flow export (its trigger and its reply),
 * against the connector it calls, and against the allow-list's environment variable definition.
 */

const powerPagesExport = needsReference(REFERENCE_CHECKS.powerPagesFlowExport);
const referenceFlow = () => readReferenceJson<Flow>(REFERENCE_CHECKS.powerPagesFlowExport.files[0]);
const definition = portalFlow.properties.definition;
const keys = (value: object) => Object.keys(value).sort();
const REPLY = "Return_value(s)_to_Power_Pages";
const portalActions = allActions(definition.actions);
const connectorActions = portalActions.filter(({ action }) => action.type === "OpenApiConnection");
const replyOf = (flow: Flow) => flow.properties.definition.actions[REPLY];

describe("the trigger and the reply, as Power Pages calls and reads them", () => {
    test("the inputs are text slots text, text_1, … titled action, job_id, parameters, run_id, idempotency_token; only action is required", () => {
        const schema = definition.triggers.manual.inputs.schema;
        expect(
            Object.entries(schema.properties).map(([slot, input]) => [
                slot,
                input.title,
                input.type,
                input["x-ms-content-hint"],
            ]),
        ).toEqual([
            ["text", "action", "string", "TEXT"],
            ["text_1", "job_id", "string", "TEXT"],
            ["text_2", "parameters", "string", "TEXT"],
            ["text_3", "run_id", "string", "TEXT"],
            ["text_4", "idempotency_token", "string", "TEXT"],
        ]);
        expect(schema.required).toEqual(["text"]);
    });

    test("the reply's keys are lower-case, each titled as itself: run, job, error, code, all text", () => {
        const reply = replyOf(portalFlow).inputs as {
            statusCode: number;
            body: Record<string, string>;
            schema: { properties: Record<string, { title: string; type: string }> };
        };
        expect(reply.statusCode).toBe(200);
        expect(Object.keys(reply.body)).toEqual(["run", "job", "error", "code"]);
        expect(Object.keys(reply.schema.properties)).toEqual(Object.keys(reply.body));
        for (const [key, property] of Object.entries(reply.schema.properties))
            expect([key, property.title, property.type]).toEqual([key, key, "string"]);
        expect(replyOf(portalFlow).runAfter).toEqual({
            If_a_call_failed: ["Succeeded", "Failed", "Skipped", "TimedOut"],
        });
    });

    powerPagesExport.test(
        "one manual trigger of type Request, kind PowerPages, its inputs shaped as the reference export's",
        () => {
            const [[name, trigger]] = Object.entries(definition.triggers);
            const [[referenceName, reference]] = Object.entries(referenceFlow().properties.definition.triggers);
            expect(Object.keys(definition.triggers)).toHaveLength(1);
            expect([name, trigger.type, trigger.kind]).toEqual([referenceName, "Request", "PowerPages"]);
            expect([reference.type, reference.kind]).toEqual(["Request", "PowerPages"]);
            expect(keys(trigger)).toEqual(keys(reference));
            expect(keys(trigger.inputs.schema)).toEqual(keys(reference.inputs.schema));
            const referenceInput = reference.inputs.schema.properties.text;
            for (const [slot, input] of Object.entries(trigger.inputs.schema.properties)) {
                expect([slot, keys(input)]).toEqual([slot, keys(referenceInput)]);
                expect([slot, input["x-ms-dynamically-added"], input["x-ms-content-hint"]]).toEqual([
                    slot,
                    referenceInput["x-ms-dynamically-added"],
                    referenceInput["x-ms-content-hint"],
                ]);
            }
            const slots = Object.keys(reference.inputs.schema.properties);
            expect(Object.keys(trigger.inputs.schema.properties).slice(0, slots.length)).toEqual(slots);
        },
    );

    powerPagesExport.test(
        "the reply is the reference's action: the same name, Response of kind PowerPages, schema entries shaped alike",
        () => {
            const ours = replyOf(portalFlow);
            const reference = replyOf(referenceFlow());
            expect([ours.type, ours.kind]).toEqual([reference.type, reference.kind]);
            expect([ours.type, ours.kind]).toEqual(["Response", "PowerPages"]);
            const inputs = (action: Action) =>
                action.inputs as { body: object; schema: { type: string; properties: Record<string, object> } };
            expect(keys(inputs(ours))).toEqual(keys(inputs(reference)));
            expect(inputs(ours).schema.type).toBe(inputs(reference).schema.type);
            const referenceProperty = Object.values(inputs(reference).schema.properties)[0];
            for (const property of Object.values(inputs(ours).schema.properties))
                expect(keys(property)).toEqual(keys(referenceProperty));
            for (const key of Object.keys(inputs(reference).body)) expect(key).toBe(key.toLowerCase());
        },
    );
});

describe("the connector calls", () => {
    test("GetJob, RunNow, GetRun and CancelRun, through the flow's own embedded connection reference to the solution's connector", () => {
        const operations = connectorActions.map(
            ({ action }) => (action.inputs as { host: { operationId: string } }).host.operationId,
        );
        expect([...new Set(operations)].sort()).toEqual(["CancelRun", "GetJob", "GetRun", "RunNow"]);
        const [[key, reference]] = Object.entries(portalFlow.properties.connectionReferences);
        expect(Object.keys(portalFlow.properties.connectionReferences)).toHaveLength(1);
        expect(reference).toEqual({
            runtimeSource: "embedded",
            connection: { connectionReferenceLogicalName: PORTAL_CONNECTION_REFERENCE },
            api: { name: key, logicalName: source.connector.name },
        });
        for (const { name, action } of connectorActions) {
            const inputs = action.inputs as { host: Record<string, string>; authentication: string };
            expect([name, inputs.host.connectionName, inputs.host.apiId, inputs.authentication]).toEqual([
                name,
                key,
                `/providers/Microsoft.PowerApps/apis/${key}`,
                "@parameters('$authentication')",
            ]);
        }
    });

    test("every operationId exists, and every parameter is passed as the swagger names it", () => {
        expectParametersAsTheSwaggerNamesThem(connectorActions);
        expect(operation("CancelRun")?.parameters[0].in).toBe("body");
    });

    test("every call's failure is noted for the reply: each has an action that runs after it Failed or TimedOut", () => {
        type Handler = {
            type: string;
            inputs?: unknown;
            actions?: Record<string, Handler>;
            else?: { actions?: Record<string, Handler> };
        };
        const setIn = (actions: Record<string, Handler> = {}) =>
            Object.values(actions).flatMap((action) =>
                action.type === "SetVariable" ? [(action.inputs as { name: string }).name] : [],
            );
        /** The variables the handler sets: a SetVariable's, or those of each branch of an If. */
        const variablesSet = (handler: Handler) =>
            handler.type === "If" ? [setIn(handler.actions), setIn(handler.else?.actions)] : [setIn({ handler })];
        for (const { name, siblings } of connectorActions) {
            const notes = Object.values(siblings).filter((action) =>
                (action.runAfter?.[name] ?? []).includes("Failed"),
            );
            expect(notes).toHaveLength(1);
            expect(notes[0].runAfter?.[name]).toEqual(["Failed", "TimedOut"]);
            // Reading the page's run: a run Databricks does not show is refused as not_allowed; any other failure is noted.
            expect([name, variablesSet(notes[0] as Handler)]).toEqual([
                name,
                name === "Get_run" ? [["Code", "Error"], ["Failure"]] : [["Failure"]],
            ]);
        }
    });
});

describe("the allow-list", () => {
    test("is read as the definition parameter '<display name> (<schema name>)' with metadata.schemaName, defaulting to the definition's []", () => {
        const definitionFile = source.environmentVariables.find(
            (variable) => variable.schemaName === "dbxjt_PortalAllowedJobIds",
        );
        expect(definitionFile?.type).toBe(100000000);
        expect(definitionFile?.exportText).toContain("<defaultvalue>[]</defaultvalue>");
        expect(definitionFile?.exportText).toContain('<displayname default="Portal allowed job IDs">');
        const described = /<description default="([^"]*)"/
            .exec(definitionFile?.exportText ?? "")?.[1]
            .replace(/&quot;/g, '"');
        const parameter = definition.parameters["Portal allowed job IDs (dbxjt_PortalAllowedJobIds)"] as {
            metadata: { description: string };
        };
        expect(parameter.metadata.description).toBe(described);
        expect(definition.parameters["Portal allowed job IDs (dbxjt_PortalAllowedJobIds)"]).toEqual({
            defaultValue: "[]",
            type: "String",
            metadata: {
                schemaName: "dbxjt_PortalAllowedJobIds",
                description: expect.stringMatching(
                    /^JSON array of job id strings the portal may describe or start; empty allows nothing\. /,
                ),
            },
        });
    });
});
