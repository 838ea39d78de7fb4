import { parseExact, stringifyExact, type ExactJson } from "../../common/exactJson";
import { isObject } from "../../common/objects";

/**
 * The behaviour of connector/script.csx in TypeScript: the job_parameters_json conversion of RunNow,
 * the job parameter schema of GetJobParametersSchema, and pass-through of everything else. The
 * validator runs script.csx and this module against the same cases (scriptCases.ts), so the two
 * cannot drift apart; a local connector runner can import executeConnectorScript.
 */

export const RUN_NOW_OPERATION_ID = "RunNow";
export const PARAMETERS_SCHEMA_OPERATION_ID = "GetJobParametersSchema";
/** The operations script.csx handles; apiProperties.json's scriptOperations must list exactly these. */
export const SCRIPT_OPERATION_IDS = [RUN_NOW_OPERATION_ID, PARAMETERS_SCHEMA_OPERATION_ID] as const;

/** Databricks has no schema endpoint: GetJobParametersSchema is served by "Get a job". */
export const GET_JOB_PATH = "/api/2.2/jobs/get";

/** RunNow's body field the script reads (JSON text) and the one it writes (an object of strings). */
export const PARAMETERS_JSON_FIELD = "job_parameters_json";
export const PARAMETERS_FIELD = "job_parameters";
const EXPECTED_SHAPE = 'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}';

export interface ScriptRequest {
    method: string;
    url: string;
    body?: string;
}

export interface ScriptResponse {
    status: number;
    body?: string;
}

export type SendToDatabricks = (request: ScriptRequest) => Promise<ScriptResponse>;

// Bodies are read and written with exact JSON: like Newtonsoft in script.csx, an int64 job_id above
// 2^53 must reach Databricks unchanged, where JSON.parse would round it.
type JsonValue = ExactJson;
type JsonObject = { [key: string]: JsonValue };

/** What RunNow sends on: the original body, a rewritten body, or a 400 with this message. */
export type RunNowBodyOutcome =
    { kind: "unchanged" } | { kind: "rewritten"; body: string } | { kind: "rejected"; message: string };

export type ParametersJsonOutcome = { ok: true; parameters: Record<string, string> } | { ok: false; message: string };

export async function executeConnectorScript(
    operationId: string,
    request: ScriptRequest,
    send: SendToDatabricks,
): Promise<ScriptResponse> {
    switch (resolveOperationId(operationId)) {
        case RUN_NOW_OPERATION_ID:
            return runNow(request, send);
        case PARAMETERS_SCHEMA_OPERATION_ID:
            return getJobParametersSchema(request, send);
        default:
            return send(request);
    }
}

/** Known issue of custom code: in some regions the platform passes the operation ID base64-encoded. */
export function resolveOperationId(operationId: string): string {
    if ((SCRIPT_OPERATION_IDS as readonly string[]).includes(operationId)) return operationId;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(operationId) || operationId.length % 4 !== 0) return operationId;
    return Buffer.from(operationId, "base64").toString("utf8");
}

async function runNow(request: ScriptRequest, send: SendToDatabricks): Promise<ScriptResponse> {
    if (request.body === undefined) return send(request);
    const outcome = convertRunNowBody(request.body);
    switch (outcome.kind) {
        case "rejected":
            return badRequest(outcome.message);
        case "rewritten":
            return send({ ...request, body: outcome.body });
        default:
            return send(request);
    }
}

async function getJobParametersSchema(request: ScriptRequest, send: SendToDatabricks): Promise<ScriptResponse> {
    const url = new URL(request.url);
    url.pathname = GET_JOB_PATH;
    const response = await send({ ...request, url: url.toString() });
    if (response.status < 200 || response.status > 299) return response;
    return { status: response.status, body: buildParametersSchema(response.body ?? "") };
}

/** The RunNow rule: job_parameters_json (a JSON object of strings) becomes job_parameters. */
export function convertRunNowBody(body: string): RunNowBodyOutcome {
    const request = parseObjectOrNull(body);
    if (request === null || !(PARAMETERS_JSON_FIELD in request)) return { kind: "unchanged" };

    const { [PARAMETERS_JSON_FIELD]: parametersJson, ...rest } = request;
    if (parametersJson === null) return { kind: "rewritten", body: stringifyExact(rest) };
    if (typeof parametersJson !== "string") {
        return {
            kind: "rejected",
            message: `job_parameters_json must be text that holds a JSON object, but it is ${describe(parametersJson)}.`,
        };
    }
    if (parametersJson.trim() === "") return { kind: "rewritten", body: stringifyExact(rest) };

    const converted = parseJobParametersJson(parametersJson);
    if (!converted.ok) return { kind: "rejected", message: converted.message };
    if (Object.keys(converted.parameters).length === 0) return { kind: "rewritten", body: stringifyExact(rest) };

    if (!isEmptyParameters(rest[PARAMETERS_FIELD])) {
        return {
            kind: "rejected",
            message: "Give the job parameters either in job_parameters or in job_parameters_json, not in both.",
        };
    }
    return { kind: "rewritten", body: stringifyExact({ ...rest, [PARAMETERS_FIELD]: converted.parameters }) };
}

/** Parses the text of job_parameters_json: a JSON object whose values are all strings. */
export function parseJobParametersJson(text: string): ParametersJsonOutcome {
    let parsed: JsonValue;
    try {
        parsed = JSON.parse(text) as JsonValue;
    } catch {
        return { ok: false, message: `${EXPECTED_SHAPE}, but it is not valid JSON.` };
    }
    if (!isJsonObject(parsed)) {
        return { ok: false, message: `${EXPECTED_SHAPE}, but it is ${describe(parsed)} instead of an object.` };
    }
    const parameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value !== "string") {
            return { ok: false, message: `${EXPECTED_SHAPE}, but the value of "${name}" is ${describe(value)}.` };
        }
        parameters[name] = value;
    }
    return { ok: true, parameters };
}

/** The dynamic schema of RunNow's job_parameters: one text field per parameter of the job. */
export function buildParametersSchema(jobBody: string): string {
    const properties: Record<string, JsonObject> = {};
    const job = parseObjectOrNull(jobBody);
    const settings = job?.settings;
    const definitions = isJsonObject(settings) ? settings.parameters : undefined;
    if (Array.isArray(definitions)) {
        for (const definition of definitions) {
            if (!isJsonObject(definition) || typeof definition.name !== "string") continue;
            const name = definition.name;
            const defaultValue = definition.default;
            const description =
                typeof defaultValue === "string"
                    ? `Job parameter ${name}. Leave it empty to use the default value "${defaultValue}".`
                    : `Job parameter ${name}. It has no default value.`;
            properties[name] = { type: "string", "x-ms-summary": name, description };
        }
    }
    return JSON.stringify({ schema: { type: "object", properties } });
}

/** The same shape as Databricks' own errors, so a maker reads one kind of message. */
function badRequest(message: string): ScriptResponse {
    return { status: 400, body: JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message }) };
}

function isEmptyParameters(value: JsonValue | undefined): boolean {
    return value === undefined || value === null || (isJsonObject(value) && Object.keys(value).length === 0);
}

function parseObjectOrNull(text: string): JsonObject | null {
    try {
        const parsed = parseExact(text);
        return isJsonObject(parsed) ? parsed : null;
    } catch {
        return null;
    }
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
    return isObject(value);
}

function describe(value: JsonValue): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    switch (typeof value) {
        case "object":
            return "an object";
        case "number":
        case "bigint":
            return "a number";
        case "string":
            return "a string";
        default:
            return "a boolean";
    }
}
