import { pointerOf } from "../../common/jsonPointer";
import { isObject } from "../../common/objects";
import { ExpressionNode } from "../../standIns/workflowEngine";
import { convertConnectorAction, ConversionContext } from "./apiConnectionAction";
import { WORKFLOW } from "./armTemplate";
import { TemplateGenerationError } from "./errors";
import { rewriteStrings } from "./expressionText";

/**
 * The portal flow's definition as a Logic Apps workflow definition: the Power Pages trigger becomes
 * an HTTP Request trigger whose inputs are named by their titles, the Power Pages reply an HTTP
 * Response, each connector call an ApiConnection action, and the allow-list's environment variable
 * the workflow parameter allowedJobIds. Everything else (variables, conditions, compose, filters,
 * the expressions) is the flow's own, unchanged.
 */

type Json = Record<string, unknown>;

/** An environment variable the flow reads, and the workflow parameter that takes its place. */
interface EnvironmentVariableMapping {
    parameter: string;
    definition: Json;
    /** The expression that gives what parameters('<env var>') gave. */
    read: ExpressionNode;
}

const call = (name: string, ...args: ExpressionNode[]): ExpressionNode => ({ kind: "call", name, args });
const literal = (value: string): ExpressionNode => ({ kind: "literal", value });

/**
 * The allow-list was JSON text (a Dataverse environment variable holds text); in the Logic App it is
 * an array parameter. string() gives the flow its JSON text back, so the flow's own checks of the
 * list (each a job ID written as text) still run.
 */
const ENVIRONMENT_VARIABLES: Record<string, EnvironmentVariableMapping> = {
    dbxjt_PortalAllowedJobIds: {
        parameter: WORKFLOW.allowedJobIdsParameter,
        definition: {
            type: "Array",
            defaultValue: [],
            metadata: {
                description:
                    'The job IDs, as text, that callers may describe and start, and whose runs they may follow and cancel; empty allows nothing. For example ["123456789012"].',
            },
        },
        read: call("string", call("parameters", literal(WORKFLOW.allowedJobIdsParameter))),
    },
};

/**
 * The flow's words that name Power Automate or a Power Pages setting, as the Logic App says them.
 * Each must occur in the flow: when the flow's wording changes, generation stops here, so this table
 * follows it. These are the only differences the both-hosts tests allow in what a caller reads.
 */
export const LOGIC_APP_WORDING: ReadonlyArray<{ flow: string; logicApp: string }> = [
    {
        flow: "the environment variable dbxjt_PortalAllowedJobIds must be",
        logicApp: "the workflow parameter allowedJobIds must be",
    },
    { flow: "its run history in Power Automate shows", logicApp: "its run history in the Logic App shows" },
];

/** Actions whose names speak of Power Pages, renamed for the Logic App's designer; nothing may refer to them. */
export const RENAMED_ACTIONS: Readonly<Record<string, string>> = {
    "Return_value(s)_to_Power_Pages": "Respond_to_the_caller",
};

/** Built-in action types that mean the same in Power Automate and Logic Apps. */
const SHARED_ACTION_TYPES = new Set([
    "Compose",
    "Query",
    "Select",
    "Join",
    "Table",
    "ParseJson",
    "If",
    "Switch",
    "Scope",
    "Foreach",
    "Until",
    "Wait",
    "Terminate",
    "InitializeVariable",
    "SetVariable",
    "IncrementVariable",
    "DecrementVariable",
    "AppendToArrayVariable",
    "AppendToStringVariable",
    "Http",
]);

export interface FlowToConvert {
    /** The flow file, for messages. */
    file: string;
    /** properties.definition of the flow. */
    definition: Json;
    /** properties.connectionReferences of the flow. */
    connectionReferences: Json;
    /** The solution's connector name (api.logicalName of its connection references). */
    connectorName: string;
}

const DEFINITION_POINTER = "/properties/definition";

export function convertFlowDefinition(
    flow: FlowToConvert,
    context: Omit<ConversionContext, "file" | "connectionNames">,
): Json {
    const connectionNames = new Set(
        Object.entries(flow.connectionReferences)
            .filter(
                ([, reference]) =>
                    isObject(reference) && isObject(reference.api) && reference.api.logicalName === flow.connectorName,
            )
            .map(([name]) => name),
    );
    const conversion: ConversionContext = { ...context, file: flow.file, connectionNames };
    const { triggers, slots } = convertTrigger(flow);
    const { parameters, environment } = convertParameters(flow);
    const rewrite = (node: ExpressionNode): ExpressionNode => rewriteReference(node, slots, environment);
    const actions = rewriteStrings(flow.definition.actions, rewrite);
    if (!isObject(actions))
        throw new TemplateGenerationError(flow.file, `${DEFINITION_POINTER}/actions`, "the flow has no actions");
    return {
        $schema: flow.definition.$schema,
        contentVersion: flow.definition.contentVersion,
        parameters,
        triggers,
        actions: reword(convertActions(actions, `${DEFINITION_POINTER}/actions`, conversion), flow.file),
        outputs: {},
    };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** LOGIC_APP_WORDING and RENAMED_ACTIONS applied to the converted actions (the phrases and names need no JSON escaping). */
function reword(actions: Json, file: string): Json {
    let text = JSON.stringify(actions);
    for (const { flow, logicApp } of LOGIC_APP_WORDING) {
        if (occurrences(text, flow) === 0)
            throw new TemplateGenerationError(
                file,
                `${DEFINITION_POINTER}/actions`,
                `the flow no longer says "${flow}"; update LOGIC_APP_WORDING in tools/logicApp/template/workflowConversion.ts`,
            );
        text = text.split(flow).join(logicApp);
    }
    for (const [name, renamed] of Object.entries(RENAMED_ACTIONS)) {
        const key = JSON.stringify(name) + ":";
        if (occurrences(text, name) !== 1 || occurrences(text, key) !== 1)
            throw new TemplateGenerationError(
                file,
                `${DEFINITION_POINTER}/actions`,
                `the action "${name}" is missing or referred to by other actions; update RENAMED_ACTIONS in tools/logicApp/template/workflowConversion.ts`,
            );
        text = text.replace(key, JSON.stringify(renamed) + ":");
    }
    return JSON.parse(text) as Json;
}

/** The single "When Power Pages calls a flow" trigger as an HTTP Request trigger; slots (text, text_1, …) map to titles. */
function convertTrigger(flow: FlowToConvert): { triggers: Json; slots: Map<string, string> } {
    const entries = Object.entries(isObject(flow.definition.triggers) ? flow.definition.triggers : {});
    const [name, trigger] = entries[0] ?? [];
    const pointer = `${DEFINITION_POINTER}/triggers${name === undefined ? "" : pointerOf(name)}`;
    if (entries.length !== 1 || !isObject(trigger) || trigger.type !== "Request" || trigger.kind !== "PowerPages") {
        throw new TemplateGenerationError(
            flow.file,
            pointer,
            'the flow must have one trigger, {"type": "Request", "kind": "PowerPages"}; the Logic Apps twin converts only that trigger',
        );
    }
    const schema = isObject(trigger.inputs) && isObject(trigger.inputs.schema) ? trigger.inputs.schema : {};
    const slots = new Map<string, string>();
    const properties: Json = {};
    for (const [slot, input] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
        const title = isObject(input) && typeof input.title === "string" ? input.title : slot;
        if (properties[title] !== undefined)
            throw new TemplateGenerationError(
                flow.file,
                `${pointer}/inputs/schema/properties${pointerOf(slot)}`,
                `two inputs have the title "${title}"`,
            );
        slots.set(slot, title);
        properties[title] = {
            type: isObject(input) && typeof input.type === "string" ? input.type : "string",
            ...(isObject(input) && typeof input.description === "string" ? { description: input.description } : {}),
        };
    }
    const required = Array.isArray(schema.required)
        ? schema.required.map((slot) => slots.get(String(slot)) ?? String(slot))
        : [];
    return {
        triggers: {
            [WORKFLOW.triggerName]: {
                type: "Request",
                kind: "Http",
                inputs: { method: "POST", schema: { type: "object", properties, required } },
            },
        },
        slots,
    };
}

/** $connections stays, $authentication goes (Logic Apps has none), each environment variable becomes its mapped parameter. */
function convertParameters(flow: FlowToConvert): { parameters: Json; environment: Map<string, ExpressionNode> } {
    const parameters: Json = { $connections: { defaultValue: {}, type: "Object" } };
    const environment = new Map<string, ExpressionNode>();
    for (const [name, definition] of Object.entries(
        isObject(flow.definition.parameters) ? flow.definition.parameters : {},
    )) {
        if (name === "$connections" || name === "$authentication") continue;
        const schemaName =
            isObject(definition) && isObject(definition.metadata) ? String(definition.metadata.schemaName ?? "") : "";
        const mapping = ENVIRONMENT_VARIABLES[schemaName];
        if (mapping === undefined) {
            throw new TemplateGenerationError(
                flow.file,
                `${DEFINITION_POINTER}/parameters${pointerOf(name)}`,
                `the flow reads the parameter "${name}", which has no Logic Apps counterpart; add its mapping to ENVIRONMENT_VARIABLES in tools/logicApp/template/workflowConversion.ts`,
            );
        }
        parameters[mapping.parameter] = mapping.definition;
        environment.set(name, mapping.read);
    }
    return { parameters, environment };
}

/** triggerBody()?['text'] → triggerBody()?['action']; parameters('<env var>') → the mapped expression. */
function rewriteReference(
    node: ExpressionNode,
    slots: Map<string, string>,
    environment: Map<string, ExpressionNode>,
): ExpressionNode {
    if (
        node.kind === "access" &&
        node.target.kind === "call" &&
        node.target.name === "triggerBody" &&
        node.key.kind === "literal" &&
        typeof node.key.value === "string" &&
        slots.has(node.key.value)
    ) {
        return { ...node, key: literal(slots.get(node.key.value) as string) };
    }
    if (node.kind === "call" && node.name === "parameters" && node.args.length === 1) {
        const [arg] = node.args;
        const mapped = arg.kind === "literal" && typeof arg.value === "string" ? environment.get(arg.value) : undefined;
        if (mapped) return mapped;
    }
    return node;
}

function convertActions(actions: Json, pointer: string, context: ConversionContext): Json {
    return Object.fromEntries(
        Object.entries(actions).map(([name, action]) => {
            const here = `${pointer}${pointerOf(name)}`;
            if (!isObject(action)) throw new TemplateGenerationError(context.file, here, "the action is not an object");
            return [name, convertAction(action, here, context)];
        }),
    );
}

function convertAction(action: Json, pointer: string, context: ConversionContext): Json {
    const type = String(action.type ?? "");
    if (type === "OpenApiConnection") return convertConnectorAction(action, pointer, context);
    if (type === "Response") return convertReply(action, pointer, context);
    if (!SHARED_ACTION_TYPES.has(type))
        throw new TemplateGenerationError(
            context.file,
            `${pointer}/type`,
            `the action type "${type}" has no Logic Apps conversion here`,
        );
    const converted: Json = { ...action };
    delete converted.metadata;
    if (isObject(action.actions)) converted.actions = convertActions(action.actions, `${pointer}/actions`, context);
    if (isObject(action.else) && isObject(action.else.actions))
        converted.else = {
            ...action.else,
            actions: convertActions(action.else.actions, `${pointer}/else/actions`, context),
        };
    if (isObject(action.default) && isObject(action.default.actions))
        converted.default = {
            ...action.default,
            actions: convertActions(action.default.actions, `${pointer}/default/actions`, context),
        };
    if (isObject(action.cases)) {
        converted.cases = Object.fromEntries(
            Object.entries(action.cases).map(([name, branch]) => [
                name,
                isObject(branch) && isObject(branch.actions)
                    ? {
                          ...branch,
                          actions: convertActions(
                              branch.actions,
                              `${pointer}/cases${pointerOf(name)}/actions`,
                              context,
                          ),
                      }
                    : branch,
            ]),
        );
    }
    return converted;
}

/** "Return value(s) to Power Pages" as an HTTP Response: the same status and body, keys lower-cased as Power Pages delivers them. */
function convertReply(action: Json, pointer: string, context: ConversionContext): Json {
    if (action.kind !== "PowerPages")
        throw new TemplateGenerationError(
            context.file,
            `${pointer}/kind`,
            `a Response of kind "${String(action.kind)}" has no Logic Apps conversion here; only PowerPages`,
        );
    const inputs = isObject(action.inputs) ? action.inputs : {};
    const body = isObject(inputs.body) ? inputs.body : {};
    const rest = Object.fromEntries(
        Object.entries(action).filter(([key]) => !["metadata", "kind", "inputs"].includes(key)),
    );
    return {
        ...rest,
        kind: "Http",
        inputs: {
            statusCode: inputs.statusCode ?? 200,
            headers: { "Content-Type": "application/json" },
            body: Object.fromEntries(Object.entries(body).map(([key, value]) => [key.toLowerCase(), value])),
        },
    };
}
