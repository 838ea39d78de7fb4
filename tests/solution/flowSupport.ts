import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSolutionSource } from "../../tools/build/solution/solutionSource";
import type { ActionDefinition } from "../../tools/standIns/workflowEngine";
import { readReferenceJson } from "../support/reference";
import { CONNECTOR_DIR, SOURCE_DIR } from "./workspace";

/** The flow "Run a Databricks job and wait" as the solution source holds it, and what it is checked against. */

export const WORKFLOW_ID = "9a6a247f-ca1b-45cb-a588-06b14f5b0ce5";
export const WORKFLOW_FILE = `RunaDatabricksjobandwait-${WORKFLOW_ID.toUpperCase()}.json`;
export const CONNECTION_REFERENCE = "dbxjt_DatabricksJobsConnection";

/** The flow "Databricks job for Power Pages": the portal's, with a connection reference of its own. */
export const PORTAL_WORKFLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";
export const PORTAL_WORKFLOW_FILE = `DatabricksjobforPowerPages-${PORTAL_WORKFLOW_ID.toUpperCase()}.json`;
export const PORTAL_CONNECTION_REFERENCE = "dbxjt_DatabricksJobsPortalConnection";

/** An action as the flow's file holds it: what the workflow engine reads, and the designer's metadata. */
export interface Action extends ActionDefinition {
    actions?: Record<string, Action>;
    else?: { actions?: Record<string, Action> };
    metadata?: { operationMetadataId?: string };
    description?: string;
}

export interface Flow {
    properties: {
        connectionReferences: Record<
            string,
            {
                runtimeSource: string;
                connection: { connectionReferenceLogicalName: string };
                api: { name: string; logicalName?: string };
            }
        >;
        definition: {
            $schema: string;
            contentVersion: string;
            parameters: Record<string, unknown>;
            triggers: Record<
                string,
                {
                    type: string;
                    kind: string;
                    inputs: {
                        schema: {
                            type: string;
                            properties: Record<string, Record<string, unknown>>;
                            required?: string[];
                        };
                    };
                    metadata?: unknown;
                }
            >;
            actions: Record<string, Action>;
        };
    };
    schemaVersion: string;
}

export const source = readSolutionSource(SOURCE_DIR);
export const flowText = readFileSync(join(SOURCE_DIR, "Workflows", WORKFLOW_FILE), "utf8");
export const flow = JSON.parse(flowText) as Flow;
export const portalFlow = JSON.parse(readFileSync(join(SOURCE_DIR, "Workflows", PORTAL_WORKFLOW_FILE), "utf8")) as Flow;
let referenceFlowJson: Flow | undefined;
/** The flow of the reference export (read on first use: only tests behind needsReference(REFERENCE_CHECKS.flowExport) call it). */
export function referenceFlow(): Flow {
    referenceFlowJson ??= readReferenceJson<Flow>(
        "dataverse-solutions/nbp-connector-flow-export/Workflows/Flowdlakonektorakurswwalut-8FDE32D5-CF10-ED11-B83D-000D3ADA9E5F.json",
    );
    return referenceFlowJson;
}
export const swagger = JSON.parse(readFileSync(join(CONNECTOR_DIR, "apiDefinition.swagger.json"), "utf8")) as Swagger;

export interface Swagger {
    paths: Record<string, Record<string, { operationId?: string; parameters?: SwaggerParameter[] }>>;
    parameters?: Record<string, SwaggerParameter>;
    definitions: Record<string, SwaggerSchema>;
}

export interface SwaggerParameter {
    $ref?: string;
    name: string;
    in: string;
    required?: boolean;
    type?: string;
    format?: string;
    schema?: SwaggerSchema;
}

export interface SwaggerSchema {
    $ref?: string;
    type?: string;
    format?: string;
    required?: string[];
    properties?: Record<string, SwaggerSchema>;
    items?: SwaggerSchema;
}

/** Every action of the flow, nested ones included, with the actions map it sits in. */
export function allActions(
    actions: Record<string, Action> = flow.properties.definition.actions,
    scope = "(top)",
): Array<{ name: string; action: Action; siblings: Record<string, Action>; scope: string }> {
    return Object.entries(actions).flatMap(([name, action]) => [
        { name, action, siblings: actions, scope },
        ...allActions(action.actions ?? {}, name),
        ...allActions(action.else?.actions ?? {}, `${name} (else)`),
    ]);
}

export function operation(
    operationId: string,
): { method: string; path: string; parameters: SwaggerParameter[] } | undefined {
    for (const [path, methods] of Object.entries(swagger.paths)) {
        for (const [method, definition] of Object.entries(methods)) {
            if (definition.operationId === operationId) {
                const parameters = (definition.parameters ?? []).map((parameter) =>
                    parameter.$ref
                        ? (swagger.parameters?.[parameter.$ref.split("/").pop() ?? ""] ?? parameter)
                        : parameter,
                );
                return { method, path, parameters };
            }
        }
    }
    return undefined;
}

export function resolveSchema(schema: SwaggerSchema | undefined): SwaggerSchema | undefined {
    if (schema?.$ref) return resolveSchema(swagger.definitions[schema.$ref.split("/").pop() ?? ""]);
    return schema;
}

/** Every connector action's operationId exists, each parameter it passes exists where its key says (name, or body/<field>), and every required one is passed. */
export function expectParametersAsTheSwaggerNamesThem(
    connectorActions: ReadonlyArray<{ name: string; action: Action }>,
): void {
    for (const { name, action } of connectorActions) {
        const inputs = action.inputs as { host: { operationId: string }; parameters: Record<string, unknown> };
        const found = operation(inputs.host.operationId);
        expect([name, inputs.host.operationId, found !== undefined]).toEqual([name, inputs.host.operationId, true]);
        const parameters = found?.parameters ?? [];
        for (const key of Object.keys(inputs.parameters)) {
            const [parameterName, ...path] = key.split("/");
            const parameter = parameters.find((candidate) => candidate.name === parameterName);
            expect([name, key, parameter !== undefined]).toEqual([name, key, true]);
            if (path.length === 0) {
                expect([name, key, parameter?.in]).toEqual([name, key, expect.stringMatching(/^(query|path|header)$/)]);
            } else {
                expect([name, key, parameter?.in]).toEqual([name, key, "body"]);
                let schema = resolveSchema(parameter?.schema);
                for (const field of path) schema = resolveSchema(schema?.properties?.[field]);
                expect([name, key, schema !== undefined]).toEqual([name, key, true]);
            }
        }
        for (const parameter of parameters.filter((candidate) => candidate.required)) {
            if (parameter.in === "body") {
                for (const field of resolveSchema(parameter.schema)?.required ?? [])
                    expect([name, Object.keys(inputs.parameters)]).toEqual([
                        name,
                        expect.arrayContaining([`${parameter.name}/${field}`]),
                    ]);
            } else {
                expect([name, Object.keys(inputs.parameters)]).toEqual([
                    name,
                    expect.arrayContaining([parameter.name]),
                ]);
            }
        }
    }
}
