import { isObject } from "../../common/objects";
import { ArmScope, resolveArmValue } from "./armExpressions";
import { ArmResource, ArmTemplate, RESOURCE, WORKFLOW } from "./armTemplate";

/**
 * The generated workflow as the local flow host runs it: the template's parameters given values,
 * its ARM expressions evaluated for a stand-in subscription and resource group, so that the host
 * gets the definition, the workflow parameters ($connections, allowedJobIds), the trigger's Entra ID
 * policies and the custom API's swagger with the workspace host in place.
 */

export interface LocalDeploymentValues {
    /** Template parameter values by name; a parameter without a value takes its defaultValue. */
    parameters: Record<string, unknown>;
    subscriptionId?: string;
    tenantId?: string;
    resourceGroup?: string;
    location?: string;
}

export interface AccessPolicy {
    name: string;
    type: string;
    claims: Array<{ name: string; value: string }>;
}

export interface LocalLogicApp {
    name: string;
    definition: Record<string, unknown>;
    /** The workflow parameters' values, as parameters('<name>') reads them in a run. */
    parameterValues: Record<string, unknown>;
    triggerName: string;
    /** accessControl.triggers.openAuthenticationPolicies.policies, evaluated. */
    triggerPolicies: AccessPolicy[];
    /** The custom API's swagger with host and every escaped literal resolved. */
    swagger: Record<string, unknown>;
    /** The key of the connection in $connections and the connection id the workflow's actions name. */
    connection: { key: string; connectionId: string };
}

export const LOCAL_SCOPE = {
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    tenantId: "00000000-0000-0000-0000-000000000000",
    resourceGroup: "local",
    location: "local",
} as const;

export class LocalDeploymentError extends Error {}

export function workflowForLocalHost(template: ArmTemplate, values: LocalDeploymentValues): LocalLogicApp {
    const scope: ArmScope = { ...LOCAL_SCOPE, ...withoutUndefined(values), parameters: {} };
    // Defaults may refer to earlier parameters (tokenIssuer to tenantId): resolve in declaration order.
    for (const [name, declaration] of Object.entries(template.parameters)) {
        if (name in values.parameters) scope.parameters[name] = values.parameters[name];
        else if (declaration.defaultValue !== undefined)
            scope.parameters[name] = resolveArmValue(declaration.defaultValue, scope);
        else throw new LocalDeploymentError(`The template parameter "${name}" has no default: give it a value.`);
    }
    const workflow = resourceOf(template, RESOURCE.workflow.type);
    const customApi = resourceOf(template, RESOURCE.customApi.type);
    const properties = resolveArmValue(workflow.properties, scope) as Record<string, unknown>;
    const parameterValues = Object.fromEntries(
        Object.entries(isObject(properties.parameters) ? properties.parameters : {}).map(([name, parameter]) => [
            name,
            isObject(parameter) ? parameter.value : undefined,
        ]),
    );
    const connections = isObject(parameterValues.$connections) ? parameterValues.$connections : {};
    const connection = connections[WORKFLOW.connectionKey];
    const accessControl = isObject(properties.accessControl) ? properties.accessControl : {};
    const triggers = isObject(accessControl.triggers) ? accessControl.triggers : {};
    const open = isObject(triggers.openAuthenticationPolicies) ? triggers.openAuthenticationPolicies : {};
    const policies = isObject(open.policies) ? open.policies : {};
    return {
        name: String(resolveArmValue(workflow.name, scope)),
        definition: properties.definition as Record<string, unknown>,
        parameterValues,
        triggerName: WORKFLOW.triggerName,
        triggerPolicies: Object.entries(policies).map(([name, policy]) => ({
            name,
            type: isObject(policy) ? String(policy.type) : "",
            claims: isObject(policy) && Array.isArray(policy.claims) ? (policy.claims as AccessPolicy["claims"]) : [],
        })),
        swagger: resolveArmValue((customApi.properties as Record<string, unknown>).swagger, scope) as Record<
            string,
            unknown
        >,
        connection: {
            key: WORKFLOW.connectionKey,
            connectionId: isObject(connection) ? String(connection.connectionId) : "",
        },
    };
}

function resourceOf(template: ArmTemplate, type: string): ArmResource {
    const resource = template.resources.find((candidate) => candidate.type === type);
    if (resource === undefined) throw new LocalDeploymentError(`The template has no ${type} resource.`);
    return resource;
}

function withoutUndefined(values: LocalDeploymentValues): Partial<ArmScope> {
    const { subscriptionId, tenantId, resourceGroup, location } = values;
    return Object.fromEntries(
        Object.entries({ subscriptionId, tenantId, resourceGroup, location }).filter(
            ([, value]) => value !== undefined,
        ),
    ) as Partial<ArmScope>;
}
