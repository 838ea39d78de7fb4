import { ArmParameter, DEPLOYMENT_PARAMETERS_SCHEMA, PARAMETER } from "./armTemplate";

/**
 * azuredeploy.parameters.example.json: a deployment parameters file with a placeholder for every
 * parameter that has no default, saying what goes there, and the allow-list. The client secret is a
 * Key Vault reference, so no secret is ever written into a parameters file.
 */

const PLACEHOLDERS: Record<string, unknown> = {
    [PARAMETER.workspaceHost]: { value: "adb-REPLACE-WITH-WORKSPACE-ID.REPLACE-WITH-N.azuredatabricks.net" },
    [PARAMETER.clientId]: { value: "REPLACE-WITH-THE-CONNECTOR-APP-CLIENT-ID" },
    [PARAMETER.clientSecret]: {
        reference: {
            keyVault: {
                id: "/subscriptions/REPLACE-WITH-SUBSCRIPTION-ID/resourceGroups/REPLACE-WITH-RESOURCE-GROUP/providers/Microsoft.KeyVault/vaults/REPLACE-WITH-VAULT-NAME",
            },
            secretName: "REPLACE-WITH-THE-SECRET-NAME",
        },
    },
    [PARAMETER.portalAudience]: { value: "api://REPLACE-WITH-THE-PORTAL-API-APP-CLIENT-ID" },
    [PARAMETER.allowedJobIds]: { value: ["REPLACE-WITH-A-JOB-ID"] },
};

export function parametersExample(parameters: Record<string, ArmParameter>): object {
    const missing = Object.keys(parameters).filter(
        (name) => parameters[name].defaultValue === undefined && !(name in PLACEHOLDERS),
    );
    if (missing.length > 0)
        throw new Error(`parametersExample.ts has no placeholder for the required parameter(s) ${missing.join(", ")}.`);
    return {
        $schema: DEPLOYMENT_PARAMETERS_SCHEMA,
        contentVersion: "1.0.0.0",
        parameters: Object.fromEntries(
            Object.keys(parameters)
                .filter((name) => name in PLACEHOLDERS)
                .map((name) => [name, PLACEHOLDERS[name]]),
        ),
    };
}
