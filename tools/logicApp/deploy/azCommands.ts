import { AzArgs } from "../../azureAd/azCommands";

/**
 * The argument arrays of the `az` calls the Logic App deployment makes (without the leading `az`),
 * passed to the process as they are, never through a shell; every call asks for JSON output.
 *
 * Sources: the azure-cli repository, src/azure-cli/azure/cli/command_modules/resource/
 * (_params.py, custom.py) for `group show`, `deployment group show|create` and `resource show`;
 * command_modules/util/custom.py for `rest`, whose --url may be a resource ID: the CLI puts the
 * current cloud's Resource Manager endpoint before it, so the same call works in every cloud.
 */

const JSON_OUTPUT = ["--output", "json"] as const;

/** The workflows' Request trigger name (the generator's contract). */
export const TRIGGER_NAME = "manual";
/** The api-version of Microsoft.Logic/workflows the template deploys. */
export const LOGIC_API_VERSION = "2019-05-01";

/** The resource group; fails with ResourceGroupNotFound (exit code 3) when it does not exist. */
export function groupShow(resourceGroup: string): AzArgs {
    return ["group", "show", "--name", resourceGroup, ...JSON_OUTPUT];
}

/** An earlier deployment of this name; fails with DeploymentNotFound (exit code 3) when there is none. */
export function deploymentShow(resourceGroup: string, deploymentName: string): AzArgs {
    return [
        "deployment",
        "group",
        "show",
        "--resource-group",
        resourceGroup,
        "--name",
        deploymentName,
        "--query",
        "properties",
        ...JSON_OUTPUT,
    ];
}

/** Deploys the template; the parameters come from a file, so no value (the secret least of all) is an argument. */
export function deploymentCreate(
    resourceGroup: string,
    deploymentName: string,
    templateFile: string,
    parametersFile: string,
): AzArgs {
    return [
        "deployment",
        "group",
        "create",
        "--resource-group",
        resourceGroup,
        "--name",
        deploymentName,
        "--template-file",
        templateFile,
        "--parameters",
        `@${parametersFile}`,
        "--query",
        "properties.outputs",
        ...JSON_OUTPUT,
    ];
}

/** A resource by its ID: here the connection, whose properties.statuses say whether anyone has authorized it. */
export function resourceShow(resourceId: string): AzArgs {
    return ["resource", "show", "--ids", resourceId, ...JSON_OUTPUT];
}

/**
 * The Request trigger's callback URL (Workflow Triggers - List Callback Url). A POST that changes
 * nothing: it returns the URL with its SAS query parameters (sp, sv, sig), which OAuth callers drop.
 */
export function listCallbackUrl(workflowId: string): AzArgs {
    return [
        "rest",
        "--method",
        "post",
        "--url",
        `${workflowId}/triggers/${TRIGGER_NAME}/listCallbackUrl?api-version=${LOGIC_API_VERSION}`,
        ...JSON_OUTPUT,
    ];
}
