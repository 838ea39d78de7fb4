import { AzArgs } from "../../azureAd/azCommands";
import { formatCommand } from "../../azureAd/report";
import { DeployOutcome } from "./deployFlow";

/** What people read after `npm run deploy:logic-app`: the summary, the dry run, the failures. Pure functions. */

const ROW = (label: string, value: string) => `  ${label.padEnd(24)}${value}`;

export function portalLink(tenantId: string, resourceId: string): string {
    return `https://portal.azure.com/#@${tenantId}/resource${resourceId}`;
}

function consentLines(outcome: DeployOutcome): string[] {
    if (outcome.connectionStatus === "Connected") {
        return [
            "The connection is authorized. Every run the portal starts uses the Databricks token of the account that",
            "authorized it; to change that account, authorize the connection again (Edit API connection → Authorize).",
        ];
    }
    return [
        `The connection is NOT authorized yet (status: ${outcome.connectionStatus}); until it is, every call fails.`,
        "A person has to consent, in the Azure portal:",
        `  1. Open ${portalLink(outcome.tenantId, outcome.connectionId)}`,
        "  2. Select Edit API connection, then Authorize, and sign in with the account the runs should be started as.",
        "  3. Select Save. Run this command again to check: it then says the connection is authorized.",
        "The account that signs in is the identity every caller's run is started with (its Databricks token, its",
        "job permissions). Use a dedicated account that may only run the allowed jobs (CAN MANAGE RUN on them).",
    ];
}

/** The summary after a real run. It never holds the secret (the outcome has none). */
export function formatDeploySummary(outcome: DeployOutcome): string {
    const lines = [
        outcome.deployed
            ? `Logic App deployed to resource group ${outcome.resourceGroup} (deployment ${outcome.deploymentName}).`
            : `Logic App unchanged in resource group ${outcome.resourceGroup}: deployment ${outcome.deploymentName} already deployed this template with these options, so nothing was deployed.`,
        "",
        ROW("Tenant", outcome.tenantId + (outcome.user ? `   (signed in as ${outcome.user})` : "")),
        ROW("Custom API", outcome.names.customApiName),
        ROW("Connection", outcome.connectionId),
        ROW("Workflow", outcome.workflowId),
        ROW(
            "OAuth redirect URL",
            `${outcome.redirectUrl}   (${outcome.redirectUrlAdded ? "added to" : "already in"} the Entra app's web redirect URIs)`,
        ),
        "",
        "Consent:",
        ...consentLines(outcome).map((line) => `  ${line}`),
        "",
        "Trigger URL for callers with an Entra ID token (no SAS: a call with sp, sv or sig and a token is refused):",
        `  POST ${outcome.triggerUrl}`,
        `  Authorization: Bearer <access token with aud ${outcome.portalAudience} and iss ${outcome.tokenIssuer}>`,
        "  Content-Type: application/json",
        '  {"action": "run", "job_id": "<job id>", "parameters": "<JSON text>", "run_id": "", "idempotency_token": "<uuid>"}',
        'Give the URL to the portal: <databricks-job-run transport="logic-app" endpoint="<URL>">.',
    ];
    return lines.join("\n") + "\n";
}

/** The output of --dry-run: every command in order, marked as reading or changing, and the parameters file. */
export function formatDeployDryRun(
    commands: ReadonlyArray<{ args: AzArgs; changes: boolean }>,
    parametersText: string | undefined,
    notes: readonly string[],
): string {
    const lines = [
        "Dry run: the az commands a first run would run, in order. None was run, not even the ones that only read.",
        "Values that exist only after an earlier step are shown as <...>. A real run skips the deployment when a",
        "deployment of the same template and options already succeeded, and the redirect URI when the app has it.",
        "",
        ...commands.map(
            (command, index) =>
                `  ${String(index + 1).padStart(2)}. ${command.changes ? "[changes]" : "[reads]  "} ${formatCommand(command.args)}`,
        ),
    ];
    if (parametersText !== undefined) {
        lines.push("", "The temporary parameters file (mode 0600, deleted after the deployment), secret redacted:");
        lines.push(
            ...parametersText
                .trimEnd()
                .split("\n")
                .map((line) => `    ${line}`),
        );
    }
    if (notes.length > 0) lines.push("", ...notes.map((note) => `Note: ${note}`));
    return lines.join("\n") + "\n";
}

export function formatResourceGroupMissing(resourceGroup: string, code: number, stderr: string): string {
    return (
        [
            `The resource group ${resourceGroup} does not exist in the current subscription ("az group show" exited with ${code}):`,
            stderr.trim() === "" ? "  (it printed nothing on stderr)" : stderr.trimEnd(),
            "Create it, in a region where Logic Apps runs (see az account list-locations):",
            `  ${formatCommand(["group", "create", "--name", resourceGroup, "--location", "<region>"])}`,
            "or pick the subscription that has it (az account set --subscription <id>), then run this command again.",
        ].join("\n") + "\n"
    );
}

export function formatStepFailure(step: string, args: AzArgs, code: number, stderr: string): string {
    return (
        [
            `${step} failed: an az command exited with ${code}:`,
            `  ${formatCommand(args)}`,
            stderr.trim() === "" ? "  (it printed nothing on stderr)" : stderr.trimEnd(),
            "The steps before it are done. Fix the cause and run this command again: it continues where it stopped.",
        ].join("\n") + "\n"
    );
}

export function formatMissingSecret(variable: string): string {
    return (
        `The client secret is not set: put the connector app's client secret in the environment variable ${variable}\n` +
        "(for example with read -rs " +
        variable +
        " && export " +
        variable +
        "), or take it from Key Vault with --key-vault and\n" +
        "--key-vault-secret. It is never an argument: arguments end up in shell history and process lists.\n"
    );
}
