import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isObject } from "../../tools/common/objects";
import {
    generateLogicAppTemplate,
    PARAMETERS_EXAMPLE_FILE,
    TEMPLATE_FILE,
    templateText,
    workflowForLocalHost,
    writeLogicAppTemplate,
} from "../../tools/logicApp/template";
import type { ArmResource, ArmTemplate } from "../../tools/logicApp/template";

/** What JSON.parse gives: the template is read as the JSON it is. */
type ParsedJson = ReturnType<typeof JSON.parse>;
/** The generated ARM template of the Logic Apps twin: what is deployed, as the contract names it. */

const { template, parametersExample } = generateLogicAppTemplate();
const connectorSwagger = JSON.parse(
    readFileSync(join(__dirname, "../../connector/apiDefinition.swagger.json"), "utf8"),
);
const apiProperties = JSON.parse(readFileSync(join(__dirname, "../../connector/apiProperties.json"), "utf8"));

const resource = (type: string): ArmResource => {
    const found = template.resources.find((candidate) => candidate.type === type);
    if (!found) throw new Error(`no ${type}`);
    return found;
};
const customApi = resource("Microsoft.Web/customApis");
const connection = resource("Microsoft.Web/connections");
const workflow = resource("Microsoft.Logic/workflows");
const definition = workflow.properties.definition as ParsedJson;

describe("the template's resources", () => {
    it("deploys a custom API, a connection to it and the workflow, at the contract's api versions", () => {
        expect(template.$schema).toBe(
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        );
        expect(template.resources.map((item) => `${item.type}@${item.apiVersion}`)).toEqual([
            "Microsoft.Web/customApis@2016-06-01",
            "Microsoft.Web/connections@2016-06-01",
            "Microsoft.Logic/workflows@2019-05-01",
        ]);
        for (const item of template.resources) expect(item.location).toBe("[parameters('location')]");
    });

    it("declares the contract's parameters with their types and defaults", () => {
        const summary = Object.fromEntries(
            Object.entries(template.parameters).map(([name, parameter]) => [
                name,
                [parameter.type, parameter.defaultValue],
            ]),
        );
        expect(summary).toEqual({
            location: ["string", "[resourceGroup().location]"],
            customApiName: ["string", "databricks-jobs"],
            connectionName: ["string", "databricks-jobs"],
            workflowName: ["string", "databricks-job-for-portals"],
            workspaceHost: ["string", undefined],
            clientId: ["string", undefined],
            clientSecret: ["securestring", undefined],
            tenantId: ["string", "[subscription().tenantId]"],
            tokenIssuer: ["string", "[concat('https://sts.windows.net/', parameters('tenantId'), '/')]"],
            portalAudience: ["string", undefined],
            allowedJobIds: ["array", []],
        });
    });

    it("outputs the OAuth redirect URL, the ids and the trigger's path and SAS-free URL", () => {
        expect(Object.keys(template.outputs)).toEqual([
            "redirectUrl",
            "connectionId",
            "workflowId",
            "triggerPath",
            "triggerInvokeUrl",
        ]);
        expect(template.outputs.redirectUrl.value).toBe(
            "[reference(resourceId('Microsoft.Web/customApis', parameters('customApiName')), '2016-06-01').connectionParameters.token.oAuthSettings.redirectUrl]",
        );
        expect(String(template.outputs.triggerInvokeUrl.value)).not.toMatch(/\.value|sig/);
    });

    it("carries the connector's swagger with the workspace host as a parameter", () => {
        const swagger = customApi.properties.swagger as ParsedJson;
        expect(swagger.host).toBe("[parameters('workspaceHost')]");
        expect(swagger.info).toEqual(connectorSwagger.info);
        expect(swagger.paths["/api/2.2/jobs/run-now"].post.operationId).toBe("RunNow");
        expect(swagger.paths["/connector/jobs/parameters-schema"]).toBeUndefined();
        expect(JSON.stringify(swagger)).not.toContain("GetJobParametersSchema");
        expect(customApi.properties.backendService).toEqual({
            serviceUrl: "[concat('https://', parameters('workspaceHost'))]",
        });
    });

    it("signs in with the connector's Entra ID OAuth settings, the secret a securestring parameter", () => {
        const token = (customApi.properties.connectionParameters as ParsedJson).token;
        expect(token.type).toBe("oauthSetting");
        const source = apiProperties.properties.connectionParameters.token.oAuthSettings;
        expect(token.oAuthSettings).toMatchObject({
            identityProvider: "aad",
            clientId: "[parameters('clientId')]",
            clientSecret: "[parameters('clientSecret')]",
            scopes: [],
        });
        expect(token.oAuthSettings.customParameters).toEqual({
            loginUri: source.customParameters.loginUri,
            tenantId: { value: "[parameters('tenantId')]" },
            resourceUri: { value: "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d" },
            enableOnbehalfOfLogin: source.customParameters.enableOnbehalfOfLogin,
        });
        expect(Object.keys(customApi.properties.connectionParameters as object)).toEqual(["token"]);
    });

    it("has the connector's name, brand colour, icon and the Rest api type", () => {
        const icon = readFileSync(join(__dirname, "../../connector/icon.png"));
        expect(customApi.properties).toMatchObject({
            displayName: connectorSwagger.info.title,
            brandColor: apiProperties.properties.iconBrandColor,
            apiType: "Rest",
            iconUri: `data:image/png;base64,${icon.toString("base64")}`,
        });
    });

    it("connects to the custom API with a V1 connection the workflow depends on", () => {
        expect(connection.kind).toBe("V1");
        expect(connection.properties.api).toEqual({
            id: "[resourceId('Microsoft.Web/customApis', parameters('customApiName'))]",
            type: "Microsoft.Web/customApis",
        });
        expect(workflow.dependsOn).toEqual(["[resourceId('Microsoft.Web/connections', parameters('connectionName'))]"]);
    });

    it("accepts only Entra ID tokens of the portal's audience and the tenant's issuer at its trigger, and no SAS URL", () => {
        expect(workflow.properties.accessControl).toEqual({
            triggers: {
                sasAuthenticationPolicy: { state: "Disabled" },
                openAuthenticationPolicies: {
                    policies: {
                        portalUsers: {
                            type: "AAD",
                            claims: [
                                { name: "iss", value: "[parameters('tokenIssuer')]" },
                                { name: "aud", value: "[parameters('portalAudience')]" },
                            ],
                        },
                    },
                },
            },
        });
    });

    it("passes the connection and the allow-list to the workflow's parameters", () => {
        expect(definition.parameters).toEqual({
            $connections: { defaultValue: {}, type: "Object" },
            allowedJobIds: expect.objectContaining({ type: "Array", defaultValue: [] }),
        });
        expect(workflow.properties.parameters).toEqual({
            $connections: {
                value: {
                    databricksjobs: {
                        connectionId: "[resourceId('Microsoft.Web/connections', parameters('connectionName'))]",
                        connectionName: "[parameters('connectionName')]",
                        id: "[resourceId('Microsoft.Web/customApis', parameters('customApiName'))]",
                    },
                },
            },
            allowedJobIds: { value: "[parameters('allowedJobIds')]" },
        });
    });
});

describe("the example parameters file", () => {
    it("has a placeholder for each parameter without a default and a Key Vault reference for the secret", () => {
        const example = parametersExample as { $schema: string; parameters: ParsedJson };
        expect(example.$schema).toBe(
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        );
        expect(Object.keys(example.parameters).sort()).toEqual(
            ["allowedJobIds", "clientId", "clientSecret", "portalAudience", "workspaceHost"].sort(),
        );
        expect(example.parameters.clientSecret.reference.keyVault.id).toMatch(/REPLACE-WITH-VAULT-NAME$/);
        expect(JSON.stringify(example)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    });
});

describe("generation", () => {
    it("gives the same bytes every time", () => {
        expect(templateText(generateLogicAppTemplate().template)).toBe(templateText(template));
    });

    it("writes azuredeploy.json and the example parameters file as pretty JSON", () => {
        const dir = mkdtempSync(join(tmpdir(), "logicapp-"));
        try {
            const written = writeLogicAppTemplate({ template, parametersExample }, dir);
            expect(written.map(({ path }) => path)).toEqual([
                join(dir, TEMPLATE_FILE),
                join(dir, PARAMETERS_EXAMPLE_FILE),
            ]);
            const text = readFileSync(join(dir, TEMPLATE_FILE), "utf8");
            expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(template)));
            expect(text.startsWith('{\n  "$schema"')).toBe(true);
            expect(written[0].bytes).toBe(Buffer.byteLength(text));
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("workflowForLocalHost", () => {
    const local = workflowForLocalHost(template as ArmTemplate, {
        parameters: {
            workspaceHost: "127.0.0.1:8787",
            clientId: "client",
            clientSecret: "secret",
            portalAudience: "api://portal",
            allowedJobIds: ["42"],
        },
        tenantId: "11111111-1111-1111-1111-111111111111",
    });

    it("gives the definition, the parameter values, the trigger policy and the swagger with the host in place", () => {
        expect(local.name).toBe("databricks-job-for-portals");
        expect(local.definition.triggers).toEqual(definition.triggers);
        expect(local.parameterValues.allowedJobIds).toEqual(["42"]);
        expect(local.connection.connectionId).toBe(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Web/connections/databricks-jobs",
        );
        expect((local.parameterValues.$connections as ParsedJson).databricksjobs.connectionId).toBe(
            local.connection.connectionId,
        );
        expect(local.triggerPolicies).toEqual([
            {
                name: "portalUsers",
                type: "AAD",
                claims: [
                    { name: "iss", value: "https://sts.windows.net/11111111-1111-1111-1111-111111111111/" },
                    { name: "aud", value: "api://portal" },
                ],
            },
        ]);
        expect(local.swagger.host).toBe("127.0.0.1:8787");
        expect(isObject(local.swagger.paths)).toBe(true);
    });

    it("refuses to run without a value for a parameter that has no default", () => {
        expect(() => workflowForLocalHost(template, { parameters: { workspaceHost: "h" } })).toThrow(
            'The template parameter "clientId" has no default: give it a value.',
        );
    });
});
