import { IncomingMessage, ServerResponse } from "node:http";
import type { Value } from "../workflowEngine";
import { corsHeaders, isPreflight, preflightHeaders } from "./cors";
import { answerWithFlow, FlowAnswer, FlowRunSettings, NoReply } from "./flowRun";
import { HostedFlow, isInvokedFlow, requestTrigger } from "./hostedFlows";
import { schemaMismatches } from "./triggerSchema";

/**
 * The URL a flow's own Request trigger is called at, as Logic Apps and Power Automate give it
 * (`…/workflows/<flow id>/triggers/<trigger name>/paths/invoke`), for the kinds not called through
 * a Power Pages site: `Http` ("When an HTTP request is received") and `PowerAppV2` (what Power
 * Apps' Run() sends: a JSON object keyed by the trigger schema's property names). No SAS
 * signature is checked: `authorize` decides who may call.
 */

const INVOKE_PATH = /^\/workflows\/([^/]+)\/triggers\/([^/]+)\/paths\/invoke$/;

/** A refusal in the platform's error shape: `{"error": {"code", "message"}}`. */
export interface InvokeRefusal {
    status: number;
    code: string;
    message: string;
}

/** Whether a caller may run the flow: undefined lets it through, a refusal is answered as it is. */
export type InvokeAuthorization = (request: IncomingMessage, flow: HostedFlow) => InvokeRefusal | undefined;

/** Lets every caller through: the local host checks no SAS signature and no token. */
export const ANY_CALLER: InvokeAuthorization = () => undefined;

/**
 * What a Request trigger's caller gets when the run ends before its Response action: Logic Apps
 * answers 502 (not documented by Microsoft; the host follows what its users report).
 */
export const NO_RESPONSE: NoReply = {
    status: 502,
    body: { error: { code: "NoResponse", message: "The server did not receive a response from an upstream server." } },
};

/** Response headers Logic Apps drops from a Response action's answer (Microsoft's Request and Response reference). */
const DROPPED_HEADERS =
    /^(allow|cookie|expires|last-modified|set-cookie|transfer-encoding|content-(?!disposition$|encoding$|type$).*)$/i;

class Refusal extends Error {
    constructor(readonly refusal: InvokeRefusal) {
        super(refusal.message);
    }
}

const refuse = (status: number, code: string, message: string) => new Refusal({ status, code, message });

export function invokePathOf(flow: HostedFlow): string {
    return `/workflows/${flow.id}/triggers/${requestTrigger(flow)?.name ?? "manual"}/paths/invoke`;
}

/**
 * A workflow id as a URL may give it: the GUID, or its 32 hex digits without dashes (as Power
 * Automate's URLs write it); a Logic App by its name, which is not case-sensitive.
 */
const sameFlowId = (flow: HostedFlow, given: string) =>
    flow.logicApp
        ? flow.id.toLowerCase() === given.toLowerCase()
        : flow.id.replace(/-/g, "") === given.toLowerCase().replace(/-/g, "");

export interface InvokeEndpointOptions {
    flows: HostedFlow[];
    settings: FlowRunSettings;
    authorize: InvokeAuthorization;
    readBody(request: IncomingMessage): Promise<string>;
    /** Told of each answer, to follow the run that goes on after it. */
    track(flow: HostedFlow, answer: FlowAnswer): void;
}

export interface InvokeEndpoint {
    handles(method: string | undefined, path: string): boolean;
    handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void>;
}

function requestBody(text: string, contentType: string | undefined): Value {
    if (text.trim() === "") return null;
    if (contentType !== undefined && !/json/i.test(contentType)) return text;
    try {
        return JSON.parse(text) as Value;
    } catch (error) {
        throw refuse(400, "InvalidRequestContent", `The request body is not JSON: ${(error as Error).message}`);
    }
}

function sendAnswer(response: ServerResponse, answer: FlowAnswer, cors: Record<string, string>): void {
    // A Response action's own Access-Control-Allow-Origin wins over the host's.
    const headers: Record<string, string> = { "Cache-Control": "no-store", ...cors };
    for (const [name, value] of Object.entries(answer.headers ?? {}))
        if (!DROPPED_HEADERS.test(name)) headers[name] = typeof value === "string" ? value : JSON.stringify(value);
    if (answer.status === 202 && answer.body === undefined) {
        response.writeHead(202, headers);
        response.end();
        return;
    }
    const text = typeof answer.body === "string";
    if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type"))
        headers["Content-Type"] = text ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    response.writeHead(answer.status, headers);
    response.end(text ? (answer.body as string) : JSON.stringify(answer.body ?? null));
}

export function invokeEndpoint(options: InvokeEndpointOptions): InvokeEndpoint {
    const flowAt = (flowId: string, triggerName: string): HostedFlow => {
        const flow = options.flows.find((candidate) => sameFlowId(candidate, flowId));
        if (flow === undefined) throw refuse(404, "WorkflowNotFound", `No flow ${flowId} on this host.`);
        const trigger = requestTrigger(flow);
        if (!isInvokedFlow(flow) || trigger === undefined)
            throw refuse(
                404,
                "WorkflowTriggerNotFound",
                `The flow "${flow.name}" has no Http or PowerAppV2 Request trigger to call here${trigger?.kind === "PowerPages" ? " (a Power Pages flow is called at /_api/cloudflow/v1.0/trigger/<flow id>)" : ""}.`,
            );
        if (trigger.name !== triggerName)
            throw refuse(
                404,
                "WorkflowTriggerNotFound",
                `The flow "${flow.name}" has no trigger '${triggerName}' (its trigger: '${trigger.name}').`,
            );
        return flow;
    };

    /** Only a Logic App answers other origins: the solution's own flows are no browser's to call from elsewhere. */
    const crossOrigin = (request: IncomingMessage, path: string): Record<string, string> => {
        const [, flowId] = INVOKE_PATH.exec(path) ?? [];
        const flow =
            flowId === undefined ? undefined : options.flows.find((f) => sameFlowId(f, decodeURIComponent(flowId)));
        return flow?.logicApp ? corsHeaders(request) : {};
    };

    const preflight = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
        if (Object.keys(crossOrigin(request, path)).length === 0 && isPreflight(request))
            throw refuse(
                403,
                "CrossOriginNotAllowed",
                "Only a Logic App's trigger answers calls from other origins here.",
            );
        if (!isPreflight(request))
            throw refuse(
                405,
                "MethodNotAllowed",
                "OPTIONS is for a browser's CORS preflight (Origin and Access-Control-Request-Method).",
            );
        response.writeHead(200, preflightHeaders(request));
        response.end();
    };

    const run = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
        const [, flowId, triggerName] = INVOKE_PATH.exec(path) ?? [];
        const flow = flowAt(decodeURIComponent(flowId), decodeURIComponent(triggerName));
        const refusal = (flow.logicApp?.authorize ?? options.authorize)(request, flow);
        if (refusal !== undefined) throw new Refusal(refusal);
        const trigger = requestTrigger(flow);
        const body = requestBody(await options.readBody(request), request.headers["content-type"]);
        const mismatches = trigger?.schema ? schemaMismatches(trigger.schema, body) : [];
        if (mismatches.length > 0)
            throw refuse(
                400,
                "TriggerInputSchemaMismatch",
                `The input body for trigger '${trigger?.name}' of the flow "${flow.name}" did not match its schema: ${mismatches.join("; ")}.`,
            );
        const headers = Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [
                name,
                Array.isArray(value) ? value.join(", ") : (value ?? ""),
            ]),
        );
        const answer = await answerWithFlow(
            flow,
            { triggerBody: body, triggerOutputs: { headers, body }, lowerCaseKeys: false, noReply: NO_RESPONSE },
            options.settings,
        ).catch((error: unknown) => {
            // Something the engine cannot run (named by action): the local host says what, where the platform would refuse the definition.
            throw refuse(
                500,
                "WorkflowDefinitionError",
                `The flow "${flow.name}" could not run: ${(error as Error).message}`,
            );
        });
        options.track(flow, answer);
        sendAnswer(response, answer, crossOrigin(request, path));
    };

    return {
        handles: (method, path) => (method === "POST" || method === "OPTIONS") && INVOKE_PATH.test(path),
        handle: (request, response, path) =>
            (request.method === "OPTIONS" ? preflight(request, response, path) : run(request, response, path)).catch(
                (error: unknown) => {
                    if (!(error instanceof Refusal) || response.headersSent) throw error;
                    const { status, code, message } = error.refusal;
                    response.writeHead(status, {
                        "Content-Type": "application/json; charset=utf-8",
                        ...crossOrigin(request, path),
                    });
                    response.end(JSON.stringify({ error: { code, message } }));
                },
            ),
    };
}
