import { parseExact, stringifyExact } from "../../tools/common/exactJson";
import { isObject } from "../../tools/common/objects";
import {
    convertRunNowBody,
    PARAMETERS_JSON_FIELD,
    RUN_NOW_OPERATION_ID,
} from "../../tools/connector/customCode/scriptRules";
import { bodyParameterOf, findOperation } from "../../tools/connector/model/swaggerModel";
import { PARAMETER, generateLogicAppTemplate } from "../../tools/logicApp/template";
import { LOGIC_APP_WORDING } from "../../tools/logicApp/template/workflowConversion";
import { loadConnectorDefinition } from "../../tools/standIns/connectorRunner/connectorDefinition";
import { operationForRequest } from "../../tools/standIns/connectorRunner/operationLookup";
import { generatedLogicApp } from "../../tools/standIns/flowHost/logicApps";
import {
    ConnectorAnswer,
    runFlow,
    runWorkflow,
    Value,
    WorkflowDefinition,
    WorkflowResponse,
} from "../../tools/standIns/workflowEngine";
import { portalFlow } from "./flowSupport";

/**
 * The portal flow's two hosts for one table of cases: the Power Automate flow "Databricks job for
 * Power Pages" (OpenApiConnection actions) and the Logic App generated from it (ApiConnection
 * actions). Both run on the workflow engine against the same operation-level stand-in connector:
 * each ApiConnection request is mapped back to its operation through the connector's swagger, its
 * body given field by field as an OpenApiConnection action names them ("body/<field>").
 */

/** A connector operation a host called, with its parameters as an OpenApiConnection action names them. */
export interface OperationCall {
    operationId: string;
    parameters: Record<string, Value>;
}

export type StandInConnector = (operationId: string, parameters: Record<string, Value>) => ConnectorAnswer;

export interface PortalRunInput {
    /** The inputs by title, as the page sends them. */
    request: Record<string, Value>;
    /** The text of the environment variable dbxjt_PortalAllowedJobIds; undefined: each host's default allow-list. */
    allowList?: string;
    connector: StandInConnector;
    runName?: string;
}

export interface PortalRun {
    response?: WorkflowResponse;
    calls: OperationCall[];
}

export interface PortalHost {
    name: string;
    run(input: PortalRunInput): PortalRun;
}

export const ALLOW_LIST_PARAMETER = "Portal allowed job IDs (dbxjt_PortalAllowedJobIds)";

/** The page calls with titles; the flow's trigger schema maps each title to its slot key (text, text_1, …). */
const slotOf = Object.fromEntries(
    Object.entries(portalFlow.properties.definition.triggers.manual.inputs.schema.properties).map(([slot, input]) => [
        input.title as string,
        slot,
    ]),
);
const bySlot = (request: Record<string, Value>) =>
    Object.fromEntries(Object.entries(request).map(([title, value]) => [slotOf[title] ?? title, value]));

export const powerAutomate: PortalHost = {
    name: "Power Automate",
    run: ({ request, allowList, connector, runName }) => {
        const flowRun = runFlow(portalFlow, {
            triggerBody: bySlot(request),
            parameters: allowList === undefined ? {} : { [ALLOW_LIST_PARAMETER]: allowList },
            runName,
            connector,
        });
        return {
            response: flowRun.response,
            calls: flowRun.calls.map(({ operationId, parameters }) => ({ operationId, parameters })),
        };
    },
};

let generated: { app: ReturnType<typeof generatedLogicApp>; defaultAllowList: Value } | undefined;
function logicAppOnce() {
    generated ??= {
        app: generatedLogicApp({ portalAudience: "api://portal" }),
        defaultAllowList: generateLogicAppTemplate().template.parameters[PARAMETER.allowedJobIds].defaultValue as Value,
    };
    return generated;
}

/** The allow-list as the Logic App's array parameter allowedJobIds holds it: the environment variable's JSON array. */
function allowedJobIdsOf(allowList: string): Value {
    const parsed = JSON.parse(allowList) as Value;
    if (!Array.isArray(parsed))
        throw new Error(
            `The allow-list ${allowList} is not a JSON array: the Logic App's allowedJobIds cannot hold it.`,
        );
    return parsed;
}

/** An ApiConnection request as the operation and parameters an OpenApiConnection action would give. */
function operationCallOf(request: Parameters<typeof operationForRequest>[1]): OperationCall {
    const definition = loadConnectorDefinition();
    const { operationId, params } = operationForRequest(definition, request);
    const entry = findOperation(definition.document, operationId);
    const bodyName = entry && bodyParameterOf(entry.operation)?.name;
    const parameters: Record<string, Value> = {};
    for (const [name, value] of Object.entries(params)) {
        if (name === bodyName && isObject(value)) {
            for (const [field, fieldValue] of Object.entries(value)) parameters[`body/${field}`] = fieldValue as Value;
        } else parameters[name] = value as Value;
    }
    return { operationId, parameters };
}

export const logicApp: PortalHost = {
    name: "Logic Apps",
    run: ({ request, allowList, connector, runName }) => {
        const { app, defaultAllowList } = logicAppOnce();
        const calls: OperationCall[] = [];
        const workflowRun = runWorkflow(app.definition as unknown as WorkflowDefinition, {
            triggerBody: request,
            parameters: {
                ...(app.parameterValues as Record<string, Value>),
                [PARAMETER.allowedJobIds]: allowList === undefined ? defaultAllowList : allowedJobIdsOf(allowList),
            },
            runName,
            connector: () => {
                throw new Error("The Logic App has no OpenApiConnection action.");
            },
            apiConnection: (call) => {
                if (call.connection !== app.connection.connectionId)
                    throw new Error(
                        `No connection ${call.connection} (the Logic App's is ${app.connection.connectionId}).`,
                    );
                const operationCall = operationCallOf(call);
                calls.push(operationCall);
                return connector(operationCall.operationId, operationCall.parameters);
            },
        });
        return { response: inFlowWords(workflowRun.response), calls };
    },
};

/**
 * The Logic App's reply in the flow's words: LOGIC_APP_WORDING (the setting's name, where the run
 * history is) is the only difference a caller may read, so it is undone before the hosts are compared.
 */
function inFlowWords(response: WorkflowResponse | undefined): WorkflowResponse | undefined {
    if (response === undefined) return undefined;
    let text = JSON.stringify(response);
    for (const { flow, logicApp } of LOGIC_APP_WORDING) text = text.split(logicApp).join(flow);
    return JSON.parse(text) as WorkflowResponse;
}

/**
 * A call as Databricks receives it. The flow gives RunNow job_parameters_json (text) that the
 * connector's custom code turns into job_parameters; the Logic App, which has no custom code,
 * gives job_parameters itself. The flow's call goes through the same conversion the runner applies.
 */
export function sentToDatabricks(call: OperationCall): OperationCall {
    const bodyField = `body/${PARAMETERS_JSON_FIELD}`;
    if (call.operationId !== RUN_NOW_OPERATION_ID || !(bodyField in call.parameters)) return call;
    const body: Record<string, Value> = {};
    const others: Record<string, Value> = {};
    for (const [name, value] of Object.entries(call.parameters)) {
        if (name.startsWith("body/")) body[name.slice("body/".length)] = value;
        else others[name] = value;
    }
    const sent = stringifyExact(body);
    const outcome = convertRunNowBody(sent);
    if (outcome.kind === "rejected")
        throw new Error(`The connector's custom code refuses this RunNow: ${outcome.message}`);
    const converted = parseExact(outcome.kind === "rewritten" ? outcome.body : sent) as Record<string, Value>;
    return {
        operationId: call.operationId,
        parameters: {
            ...others,
            ...Object.fromEntries(Object.entries(converted).map(([field, value]) => [`body/${field}`, value])),
        },
    };
}
