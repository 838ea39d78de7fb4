import { existsSync, readFileSync } from "node:fs";
import { isObject } from "../../common/objects";
import * as ad from "../../azureAd/azCommands";
import { AzArgs } from "../../azureAd/azCommands";
import { AzResult } from "../../azureAd/azProcess";
import { Account, Application } from "../../azureAd/decisions";
import {
    addRedirectUris,
    AppNotFound,
    AzClient,
    AzCommandFailed,
    isAppList,
    parse,
    run,
    runJson,
    signedInAccount,
    UnexpectedOutput,
} from "../../azureAd/setupFlow";
import * as az from "./azCommands";
import { DeployOptions } from "./options";
import {
    deploymentBaseName,
    deploymentName,
    deploymentParameters,
    parametersFileText,
    ResourceNames,
} from "./parameters";

/** What the deployment found and did: everything the summary prints. */
export interface DeployOutcome {
    tenantId: string;
    user?: string;
    resourceGroup: string;
    deploymentName: string;
    /** False when a deployment of the same template and parameters had already succeeded. */
    deployed: boolean;
    names: ResourceNames;
    redirectUrl: string;
    redirectUrlAdded: boolean;
    connectionId: string;
    workflowId: string;
    /** The connection's status as Azure reports it ("Connected" once someone authorized it). */
    connectionStatus: string;
    /** The Request trigger's URL without its SAS query parameters. */
    triggerUrl: string;
    tokenIssuer: string;
    portalAudience: string;
}

/** The resource group does not exist (or the signed-in account cannot see it). */
export class ResourceGroupMissing extends Error {
    constructor(
        readonly resourceGroup: string,
        readonly result: AzResult,
    ) {
        super(`resource group ${resourceGroup} not found`);
    }
}

/** The template file is not there, or is not a template with the parameters this command sets. */
export class TemplateProblem extends Error {}

/** A step failed; `cause` is the az failure or its unexpected output. */
export class StepFailed extends Error {
    constructor(
        readonly step: string,
        readonly failure: AzCommandFailed | UnexpectedOutput,
    ) {
        super(`${step}: ${failure.message}`);
    }
}

export interface DeployEnvironment {
    /** The secret's value when it comes from an environment variable ("" for Key Vault and dry runs). */
    secretValue: string;
    /** Runs `deploy` with the parameters file written where only this user can read it. */
    withParametersFile<T>(text: string, deploy: (file: string) => Promise<T>): Promise<T>;
    progress(line: string): void;
    /** A dry run goes on without the template (before the first build): the deployment's name then has no hash. */
    templateOptional?: boolean;
}

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        if (error instanceof AzCommandFailed || error instanceof UnexpectedOutput) throw new StepFailed(name, error);
        throw error;
    }
}

/** The template's text and the names of its parameters; without the file (a dry run before a build), undefined. */
export function readTemplate(file: string, required: boolean): { text: string; parameters: string[] } | undefined {
    if (!existsSync(file)) {
        if (!required) return undefined;
        throw new TemplateProblem(
            `The template ${file} does not exist. Build it with npm run build (it writes logicapp/bin/azuredeploy.json), or pass --template <file>.`,
        );
    }
    const text = readFileSync(file, "utf8");
    let template: unknown;
    try {
        template = JSON.parse(text);
    } catch (error) {
        throw new TemplateProblem(`The template ${file} is not JSON: ${(error as Error).message}`);
    }
    if (!isObject(template) || !isObject(template.parameters) || !Array.isArray(template.resources))
        throw new TemplateProblem(`The template ${file} is not an ARM template (it needs parameters and resources).`);
    return { text, parameters: Object.keys(template.parameters) };
}

type Outputs = Record<string, { value?: unknown } | undefined>;

function outputString(args: AzArgs, outputs: Outputs, name: string): string {
    const value = outputs[name]?.value;
    if (typeof value !== "string" || value === "")
        throw new UnexpectedOutput(args, `the deployment has no output ${name} (the template must declare it)`);
    return value;
}

async function previousOutputs(client: AzClient, resourceGroup: string, name: string): Promise<Outputs | undefined> {
    const args = az.deploymentShow(resourceGroup, name);
    const result = await client.run(args, false);
    if (result.code !== 0) {
        if (result.code === 3 || /DeploymentNotFound|could not be found/i.test(result.stderr)) return undefined;
        throw new AzCommandFailed(args, result);
    }
    const properties = parse<{ provisioningState?: string; outputs?: Outputs }>(
        args,
        result,
        isObject,
        "the deployment's properties",
    );
    return properties.provisioningState === "Succeeded" ? (properties.outputs ?? {}) : undefined;
}

/** The callback URL without `sp`, `sv` and `sig`: the form a caller with an Entra ID token uses. */
export function withoutSas(callbackUrl: string): string {
    const [base, query = ""] = callbackUrl.split("?", 2);
    const kept = query.split("&").filter((pair) => pair !== "" && !["sp", "sv", "sig"].includes(pair.split("=")[0]));
    return kept.length === 0 ? base : `${base}?${kept.join("&")}`;
}

function connectionStatus(connection: unknown): string {
    const properties = isObject(connection) && isObject(connection.properties) ? connection.properties : {};
    const statuses = Array.isArray(properties.statuses) ? properties.statuses : [];
    const states = statuses.map((entry) => (isObject(entry) ? String(entry.status ?? "") : "")).filter(Boolean);
    if (states.includes("Connected")) return "Connected";
    return states[0] ?? (typeof properties.overallStatus === "string" ? properties.overallStatus : "Unknown");
}

async function accountWithResourceGroup(client: AzClient, resourceGroup: string): Promise<Account> {
    const account = await signedInAccount(client);
    const groupArgs = az.groupShow(resourceGroup);
    const group = await client.run(groupArgs, false);
    if (group.code !== 0) {
        if (group.code === 3 || /ResourceGroupNotFound|could not be found/i.test(group.stderr))
            throw new ResourceGroupMissing(resourceGroup, group);
        throw new StepFailed("Checking the resource group", new AzCommandFailed(groupArgs, group));
    }
    return account;
}

/**
 * The deployment, step by step (see --help). Reads first and changes only what differs, so a
 * second run with the same template and options only reads. Throws NotSignedIn,
 * ResourceGroupMissing, TemplateProblem, AppNotFound or StepFailed.
 */
export async function runDeploy(
    options: DeployOptions,
    client: AzClient,
    env: DeployEnvironment,
): Promise<DeployOutcome> {
    const account = await accountWithResourceGroup(client, options.resourceGroup);
    const template = readTemplate(options.templateFile, !env.templateOptional);
    const deployment = deploymentParameters(options, env.secretValue);
    const unknown = Object.keys(deployment.parameters).filter((name) => !template?.parameters.includes(name));
    if (template && unknown.length > 0) {
        throw new TemplateProblem(
            `The template ${options.templateFile} has no parameter ${unknown.join(", ")}: it is not the Logic Apps twin's template (build it again with npm run build).`,
        );
    }
    const name = template
        ? deploymentName(deployment, template.text, options.namePrefix)
        : `${deploymentBaseName(options.namePrefix)}-<hash>`;

    let outputs = options.redeploy
        ? undefined
        : await step("Looking for an earlier deployment", () => previousOutputs(client, options.resourceGroup, name));
    const deployed = outputs === undefined;
    if (outputs === undefined) {
        env.progress(`Deploying the template to ${options.resourceGroup} as deployment ${name}.`);
        outputs = await step("Deploying the template", () =>
            env.withParametersFile(parametersFileText(deployment, undefined), (file) =>
                runJson<Outputs>(
                    client,
                    az.deploymentCreate(options.resourceGroup, name, options.templateFile, file),
                    true,
                    isObject,
                    "the deployment's outputs",
                ),
            ),
        );
    } else {
        env.progress(
            `Deployment ${name} has these resources as this template and these options make them; not deploying.`,
        );
    }
    const outputArgs = az.deploymentShow(options.resourceGroup, name);
    const redirectUrl = outputString(outputArgs, outputs, "redirectUrl");
    const connectionId = outputString(outputArgs, outputs, "connectionId");
    const workflowId = outputString(outputArgs, outputs, "workflowId");

    const redirect = await step("Adding the redirect URL to the Entra app", async () => {
        const apps = await runJson<Application[]>(
            client,
            ad.appListByAppId(options.clientId),
            false,
            isAppList,
            "a list of applications",
        );
        if (!apps[0]) throw new AppNotFound(options.clientId);
        return addRedirectUris(client, apps[0], [redirectUrl], env.progress);
    });

    const connection = await step("Reading the connection", async () =>
        parse<unknown>(
            az.resourceShow(connectionId),
            await run(client, az.resourceShow(connectionId), false),
            isObject,
            "the connection",
        ),
    );
    const callback = await step("Reading the trigger URL", () =>
        runJson<{ value: string }>(
            client,
            az.listCallbackUrl(workflowId),
            false,
            (value) => isObject(value) && typeof value.value === "string",
            "the trigger's callback URL",
        ),
    );

    const tenantId = options.tenantId ?? account.tenantId;
    return {
        tenantId,
        user: account.user?.name,
        resourceGroup: options.resourceGroup,
        deploymentName: name,
        deployed,
        names: deployment.names,
        redirectUrl,
        redirectUrlAdded: redirect.added.length > 0,
        connectionId,
        workflowId,
        connectionStatus: connectionStatus(connection),
        triggerUrl: withoutSas(callback.value),
        tokenIssuer: options.tokenIssuer ?? `https://sts.windows.net/${tenantId}/`,
        portalAudience: options.portalAudience,
    };
}
