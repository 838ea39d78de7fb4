import { isObject } from "../../common/objects";
import type { Value } from "../workflowEngine";

/**
 * The inputs a page sends to POST /_api/cloudflow/v1.0/trigger/<flow id>, keyed by the trigger's
 * titles. Microsoft's material shows three shapes, all accepted here:
 *   {"eventData": "<JSON text of the inputs>"}     as JSON (the reference web component's form)
 *   eventData=<JSON text of the inputs>            form-encoded (shell.ajaxSafePost with a data object)
 *   {"<title>": value, …}                          bare JSON (the code-site sample's form)
 * An empty body is no inputs.
 */

/** A request body the host cannot read as inputs; the message says why. */
export class EventDataError extends Error {}

const EVENT_DATA = "eventData";

function parseJson(text: string, what: string): unknown {
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new EventDataError(`${what} is not JSON: ${(error as Error).message}`);
    }
}

function inputsObject(value: unknown, what: string): Record<string, Value> {
    if (!isObject(value)) throw new EventDataError(`${what} must be a JSON object of the flow's inputs by title.`);
    return value as Record<string, Value>;
}

function fromEventDataText(text: string, where: string): Record<string, Value> {
    const what = `eventData (${where})`;
    return text.trim() === "" ? {} : inputsObject(parseJson(text, what), what);
}

/**
 * Reads the inputs from a request body. `titles` are the trigger's input titles: a JSON body whose
 * only key is "eventData" is the wrapped form unless the trigger itself has an input titled eventData.
 */
export function readEventData(
    contentType: string | undefined,
    body: string,
    titles: readonly string[],
): Record<string, Value> {
    if (body.trim() === "") return {};
    if (/application\/x-www-form-urlencoded/i.test(contentType ?? "")) {
        const form = new URLSearchParams(body);
        const eventData = form.get(EVENT_DATA);
        if (eventData === null) throw new EventDataError("A form-encoded request body needs an eventData field.");
        return fromEventDataText(eventData, "form field");
    }
    const json = inputsObject(parseJson(body, "The request body"), "The request body");
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] === EVENT_DATA && !titles.includes(EVENT_DATA)) {
        const eventData = json[EVENT_DATA];
        if (typeof eventData === "string") return fromEventDataText(eventData, "JSON body");
        return inputsObject(eventData, "eventData (JSON body)");
    }
    return json;
}
