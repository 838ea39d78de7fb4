/** The shape of an ARM deployment template, as far as the Logic Apps twin writes and reads it. */

export interface ArmParameter {
    type: "string" | "securestring" | "int" | "bool" | "object" | "secureObject" | "array";
    defaultValue?: unknown;
    allowedValues?: unknown[];
    minLength?: number;
    maxLength?: number;
    metadata?: { description?: string };
}

export interface ArmResource {
    type: string;
    apiVersion: string;
    name: string;
    location?: string;
    kind?: string;
    dependsOn?: string[];
    properties: Record<string, unknown>;
    [other: string]: unknown;
}

export interface ArmOutput {
    type: ArmParameter["type"];
    value: unknown;
    metadata?: { description?: string };
}

export interface ArmTemplate {
    $schema: string;
    contentVersion: string;
    metadata?: Record<string, unknown>;
    parameters: Record<string, ArmParameter>;
    resources: ArmResource[];
    outputs: Record<string, ArmOutput>;
}

export const DEPLOYMENT_TEMPLATE_SCHEMA =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
export const DEPLOYMENT_PARAMETERS_SCHEMA =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/** The resource types of the twin, with the api versions the contract fixes. */
export const RESOURCE = {
    customApi: { type: "Microsoft.Web/customApis", apiVersion: "2016-06-01" },
    connection: { type: "Microsoft.Web/connections", apiVersion: "2016-06-01" },
    workflow: { type: "Microsoft.Logic/workflows", apiVersion: "2019-05-01" },
} as const;

/** The template's parameter names: the contract between the generator, the deployer and the local host. */
export const PARAMETER = {
    location: "location",
    customApiName: "customApiName",
    connectionName: "connectionName",
    workflowName: "workflowName",
    workspaceHost: "workspaceHost",
    clientId: "clientId",
    clientSecret: "clientSecret",
    tenantId: "tenantId",
    tokenIssuer: "tokenIssuer",
    portalAudience: "portalAudience",
    allowedJobIds: "allowedJobIds",
} as const;

/** `[parameters('name')]`. */
export const parameterRef = (name: string): string => `[parameters('${name}')]`;

/** `resourceId(...)` of one of the twin's resources, without the brackets. */
export const resourceIdOf = (resource: keyof typeof RESOURCE): string => {
    const name = {
        customApi: PARAMETER.customApiName,
        connection: PARAMETER.connectionName,
        workflow: PARAMETER.workflowName,
    }[resource];
    return `resourceId('${RESOURCE[resource].type}', parameters('${name}'))`;
};

/** The workflow's names that the local host, the deployer and the portal rely on. */
export const WORKFLOW = {
    /** The key of the custom API's connection in the workflow's $connections parameter. */
    connectionKey: "databricksjobs",
    triggerName: "manual",
    /** The workflow definition parameter that holds the allow-list. */
    allowedJobIdsParameter: "allowedJobIds",
    /** The name of the trigger's Entra ID policy in accessControl.triggers.openAuthenticationPolicies.policies. */
    policyName: "portalUsers",
} as const;

/** The api-version the trigger's invoke URL carries. */
export const TRIGGER_INVOKE_API_VERSION = "2016-10-01";
