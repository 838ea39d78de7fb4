import { isObject } from "../../common/objects";
import { repoPath } from "../../common/repoPaths";
import { loadConnector } from "../../connector/model/connectorFiles";
import { SwaggerDocument } from "../../connector/model/swaggerModel";
import { readSolutionSource } from "../../build/solution/solutionSource";
import { escapeArmLiterals } from "./armExpressions";
import {
    ArmOutput,
    ArmParameter,
    ArmResource,
    ArmTemplate,
    DEPLOYMENT_TEMPLATE_SCHEMA,
    PARAMETER,
    parameterRef,
    RESOURCE,
    resourceIdOf,
    WORKFLOW,
} from "./armTemplate";
import { customApiResource } from "./customApi";
import { TemplateGenerationError } from "./errors";
import { parametersExample } from "./parametersExample";
import { convertFlowDefinition } from "./workflowConversion";

/**
 * The Logic Apps twin's ARM template, generated from connector/ and the solution's portal flow
 * "Databricks job for Power Pages": a custom API, a connection to it, and the workflow. `npm run
 * build` writes it to logicapp/bin/ (writeTemplate.ts); logicapp/README.md describes it.
 */

/** The portal flow's WorkflowId in solution/src/Workflows. */
export const PORTAL_FLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";

export interface GenerateOptions {
    connectorDir?: string;
    solutionDir?: string;
}

export interface GeneratedTemplate {
    template: ArmTemplate;
    parametersExample: object;
}

const PARAMETERS: Record<string, ArmParameter> = {
    [PARAMETER.location]: {
        type: "string",
        defaultValue: "[resourceGroup().location]",
        metadata: { description: "The Azure region of every resource; the resource group's by default." },
    },
    [PARAMETER.customApiName]: {
        type: "string",
        defaultValue: "databricks-jobs",
        metadata: { description: "The name of the custom API (Microsoft.Web/customApis): the connector." },
    },
    [PARAMETER.connectionName]: {
        type: "string",
        defaultValue: "databricks-jobs",
        metadata: {
            description:
                "The name of the API connection (Microsoft.Web/connections) the workflow calls Databricks through.",
        },
    },
    [PARAMETER.workflowName]: {
        type: "string",
        defaultValue: "databricks-job-for-portals",
        metadata: { description: "The name of the Logic App (Microsoft.Logic/workflows)." },
    },
    [PARAMETER.workspaceHost]: {
        type: "string",
        minLength: 1,
        metadata: {
            description:
                "The Azure Databricks workspace host, without https:// and without a path, such as adb-1234567890123456.7.azuredatabricks.net.",
        },
    },
    [PARAMETER.clientId]: {
        type: "string",
        minLength: 1,
        metadata: { description: "The application (client) ID of the connector's Entra ID app registration." },
    },
    [PARAMETER.clientSecret]: {
        type: "securestring",
        minLength: 1,
        metadata: { description: "A client secret of that app registration; pass it from Key Vault." },
    },
    [PARAMETER.tenantId]: {
        type: "string",
        defaultValue: "[subscription().tenantId]",
        metadata: { description: "The Entra ID tenant users sign in to; the subscription's tenant by default." },
    },
    [PARAMETER.tokenIssuer]: {
        type: "string",
        defaultValue: "[concat('https://sts.windows.net/', parameters('tenantId'), '/')]",
        metadata: {
            description:
                "The iss claim the trigger accepts: https://sts.windows.net/<tenant>/ for v1.0 access tokens (the default), https://login.microsoftonline.com/<tenant>/v2.0 when the portal's API app sets accessTokenAcceptedVersion 2.",
        },
    },
    [PARAMETER.portalAudience]: {
        type: "string",
        minLength: 1,
        metadata: {
            description:
                "The aud claim the trigger accepts: the Application ID URI (api://…) or the application (client) ID the portal requests its token for.",
        },
    },
    [PARAMETER.allowedJobIds]: {
        type: "array",
        defaultValue: [],
        metadata: {
            description:
                'The Databricks job IDs, as text, that callers may describe and start and whose runs they may follow and cancel, such as ["123456789012"]. Empty allows nothing.',
        },
    },
};

const TRIGGER_ID = `resourceId('Microsoft.Logic/workflows/triggers', parameters('${PARAMETER.workflowName}'), '${WORKFLOW.triggerName}')`;

const OUTPUTS: Record<string, ArmOutput> = {
    redirectUrl: {
        type: "string",
        value: `[reference(${resourceIdOf("customApi")}, '${RESOURCE.customApi.apiVersion}').connectionParameters.token.oAuthSettings.redirectUrl]`,
        metadata: {
            description:
                "The OAuth redirect URL of the custom API: add it to the connector's Entra ID app as a web redirect URI.",
        },
    },
    connectionId: { type: "string", value: `[${resourceIdOf("connection")}]` },
    workflowId: { type: "string", value: `[${resourceIdOf("workflow")}]` },
    triggerPath: {
        type: "string",
        value: `[${TRIGGER_ID}]`,
        metadata: {
            description:
                "The trigger's resource ID: POST <triggerPath>/listCallbackUrl?api-version=2016-06-01 gives its URLs.",
        },
    },
    triggerInvokeUrl: {
        type: "string",
        value: `[concat(listCallbackUrl(${TRIGGER_ID}, '${RESOURCE.workflow.apiVersion}').basePath, '?api-version=', listCallbackUrl(${TRIGGER_ID}, '${RESOURCE.workflow.apiVersion}').queries['api-version'])]`,
        metadata: {
            description:
                "The trigger's URL without its SAS signature, for callers with an Entra ID token (Authorization: Bearer).",
        },
    },
};

export function generateLogicAppTemplate(options: GenerateOptions = {}): GeneratedTemplate {
    const connectorDir = options.connectorDir ?? repoPath("connector");
    const solutionDir = options.solutionDir ?? repoPath("solution", "src");
    const connector = loadConnector(connectorDir);
    const swagger = connector.apiDefinition as SwaggerDocument;
    const apiProperties = isObject(connector.apiProperties) ? connector.apiProperties : {};
    const customApi = customApiResource({ swagger, apiProperties, icon: connector.icon });

    const solution = readSolutionSource(solutionDir);
    const flow = solution.workflows.find((workflow) => workflow.id === PORTAL_FLOW_ID);
    if (flow === undefined)
        throw new TemplateGenerationError(
            solutionDir,
            "",
            `the solution has no flow with WorkflowId ${PORTAL_FLOW_ID} (the portal flow)`,
        );
    const properties = flow.definition.properties ?? {};
    const definition = convertFlowDefinition(
        {
            file: flow.entryPath,
            definition: properties.definition as Record<string, unknown>,
            connectionReferences: (properties.connectionReferences ?? {}) as Record<string, unknown>,
            connectorName: solution.connector.name,
        },
        { swagger },
    );
    const template: ArmTemplate = {
        $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
        contentVersion: "1.0.0.0",
        metadata: {
            description: `Databricks job for portals: the Logic Apps twin of the solution's portal flow, generated from connector/ and solution/src/${flow.entryPath} by npm run build. Do not edit; regenerate.`,
        },
        parameters: PARAMETERS,
        resources: [
            customApi,
            connectionResource(String(customApi.properties.displayName)),
            workflowResource(definition),
        ],
        outputs: OUTPUTS,
    };
    return { template, parametersExample: parametersExample(PARAMETERS) };
}

function connectionResource(displayName: string): ArmResource {
    return {
        type: RESOURCE.connection.type,
        apiVersion: RESOURCE.connection.apiVersion,
        name: parameterRef(PARAMETER.connectionName),
        location: parameterRef(PARAMETER.location),
        kind: "V1",
        dependsOn: [`[${resourceIdOf("customApi")}]`],
        properties: {
            displayName,
            api: { id: `[${resourceIdOf("customApi")}]`, type: RESOURCE.customApi.type },
        },
    };
}

function workflowResource(definition: Record<string, unknown>): ArmResource {
    return {
        type: RESOURCE.workflow.type,
        apiVersion: RESOURCE.workflow.apiVersion,
        name: parameterRef(PARAMETER.workflowName),
        location: parameterRef(PARAMETER.location),
        dependsOn: [`[${resourceIdOf("connection")}]`],
        properties: {
            state: "Enabled",
            accessControl: {
                triggers: {
                    // Without this, the trigger's SAS URL (sig=…) would still call the workflow past the
                    // Entra ID policy ("Disable SAS authentication (Consumption only)",
                    // https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#disable-sas).
                    sasAuthenticationPolicy: { state: "Disabled" },
                    openAuthenticationPolicies: {
                        policies: {
                            [WORKFLOW.policyName]: {
                                type: "AAD",
                                claims: [
                                    { name: "iss", value: parameterRef(PARAMETER.tokenIssuer) },
                                    { name: "aud", value: parameterRef(PARAMETER.portalAudience) },
                                ],
                            },
                        },
                    },
                },
            },
            definition: escapeArmLiterals(definition),
            parameters: {
                $connections: {
                    value: {
                        [WORKFLOW.connectionKey]: {
                            connectionId: `[${resourceIdOf("connection")}]`,
                            connectionName: parameterRef(PARAMETER.connectionName),
                            id: `[${resourceIdOf("customApi")}]`,
                        },
                    },
                },
                [WORKFLOW.allowedJobIdsParameter]: { value: parameterRef(PARAMETER.allowedJobIds) },
            },
        },
    };
}
