import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_NAMES, DeployOptions, SecretSource } from "./options";

/** The parameters of one deployment, and the resource names they give. */

export type ResourceNames = { [Name in keyof typeof DEFAULT_NAMES]: string };

type ParameterValue = { value: unknown } | { reference: { keyVault: { id: string }; secretName: string } };

export interface DeploymentParameters {
    /** The `parameters` of an ARM parameters file (deploymentParameters.json), the secret's value included. */
    parameters: Record<string, ParameterValue>;
    names: ResourceNames;
}

export const SECRET_PARAMETER = "clientSecret";
const PARAMETERS_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

export function resourceNames(prefix: string | undefined): ResourceNames {
    const named = (name: string) => (prefix === undefined ? name : `${prefix}-${name}`);
    return {
        customApiName: named(DEFAULT_NAMES.customApiName),
        connectionName: named(DEFAULT_NAMES.connectionName),
        workflowName: named(DEFAULT_NAMES.workflowName),
    };
}

function secretParameter(source: SecretSource, secretValue: string): ParameterValue {
    return source.kind === "keyVault"
        ? { reference: { keyVault: { id: source.vaultId }, secretName: source.secretName } }
        : { value: secretValue };
}

/** The template parameters this command sets (the others keep the template's defaults). */
export function deploymentParameters(options: DeployOptions, secretValue: string): DeploymentParameters {
    const names = resourceNames(options.namePrefix);
    const parameters: Record<string, ParameterValue> = {
        customApiName: { value: names.customApiName },
        connectionName: { value: names.connectionName },
        workflowName: { value: names.workflowName },
        workspaceHost: { value: options.workspaceHost },
        clientId: { value: options.clientId },
        [SECRET_PARAMETER]: secretParameter(options.secret, secretValue),
        portalAudience: { value: options.portalAudience },
        allowedJobIds: { value: options.allowedJobIds },
    };
    if (options.tenantId !== undefined) parameters.tenantId = { value: options.tenantId };
    if (options.tokenIssuer !== undefined) parameters.tokenIssuer = { value: options.tokenIssuer };
    return { parameters, names };
}

/** The parameters file's text; `redacted` puts a placeholder where the secret's value goes. */
export function parametersFileText(deployment: DeploymentParameters, redacted: string | undefined): string {
    const parameters = { ...deployment.parameters };
    const secret = parameters[SECRET_PARAMETER];
    if (redacted !== undefined && "value" in secret) parameters[SECRET_PARAMETER] = { value: redacted };
    return JSON.stringify({ $schema: PARAMETERS_SCHEMA, contentVersion: "1.0.0.0", parameters }, null, 2) + "\n";
}

/**
 * The deployment's name: the prefix and a hash of the template and every parameter but the
 * secret's value (where it comes from counts). A succeeded deployment of that name means these
 * resources were deployed from exactly this; the hash stores nothing of the secret.
 */
export function deploymentName(deployment: DeploymentParameters, templateText: string, prefix: string | undefined) {
    const hash = createHash("sha256")
        .update(templateText)
        .update("\0")
        .update(parametersFileText(deployment, "<secret>"))
        .digest("hex")
        .slice(0, 16);
    return `${deploymentBaseName(prefix)}-${hash}`;
}

export function deploymentBaseName(prefix: string | undefined): string {
    return `${prefix ?? "databricks-jobs"}-logic-app`;
}

/**
 * Writes the parameters file where only this user can read it (a new directory of mode 0700, the
 * file 0600), runs `work`, and deletes both whatever happens — Ctrl+C and SIGTERM included: the file
 * holds the client secret, and a signal ends the process without running `finally`.
 */
export async function withParametersFile<T>(text: string, work: (file: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(path.join(tmpdir(), "logic-app-deploy-"));
    const file = path.join(dir, "azuredeploy.parameters.json");
    const remove = () => rmSync(dir, { recursive: true, force: true });
    const onSignal = (signal: NodeJS.Signals) => {
        remove();
        process.kill(process.pid, signal);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
        writeFileSync(file, text, { mode: 0o600, flag: "wx" });
        return await work(file);
    } finally {
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
        remove();
    }
}
