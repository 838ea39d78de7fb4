import path from "node:path";
import { CommandLine, parseCommandLine, UsageError } from "../../common/cli";
import { repoPath } from "../../common/repoPaths";

/** Where the client secret comes from: never the command line (shell history, process lists). */
export type SecretSource =
    { kind: "environment"; variable: string } | { kind: "keyVault"; vaultId: string; secretName: string };

export interface DeployOptions {
    resourceGroup: string;
    workspaceHost: string;
    /** The connector's Entra app (client) ID, as `npm run setup:azure-ad` printed it. */
    clientId: string;
    secret: SecretSource;
    /** The `aud` claim the trigger accepts: the portal's application (client) ID or Application ID URI. */
    portalAudience: string;
    allowedJobIds: string[];
    tenantId?: string;
    tokenIssuer?: string;
    /** Put before the resource names and the deployment name, for a second copy in the same resource group. */
    namePrefix?: string;
    templateFile: string;
    /** Deploy even when the same template and parameters were deployed before (after a new client secret). */
    redeploy: boolean;
    dryRun: boolean;
}

export const DEFAULT_SECRET_VARIABLE = "DATABRICKS_CONNECTOR_CLIENT_SECRET";
export const DEFAULT_TEMPLATE = repoPath("logicapp", "bin", "azuredeploy.json");

/** The resource names of the template's parameters (contract of the generator, logicapp/README.md). */
export const DEFAULT_NAMES = {
    customApiName: "databricks-jobs",
    connectionName: "databricks-jobs",
    workflowName: "databricks-job-for-portals",
} as const;

export const USAGE =
    "Usage: npm run deploy:logic-app -- --resource-group <name> --workspace-host <host> --client-id <id> --portal-audience <id or URI> [options]";

export const HELP = `Deploy the Logic Apps twin (logicapp/bin/azuredeploy.json, written by npm run build) to a resource group.

${USAGE}

Uses the Azure CLI (az) you are signed in with (az login), in its current subscription (az account set
--subscription <id> picks another). Steps, each an az call without a shell:
  1. az account show, az group show: who is signed in; the resource group exists.
  2. az deployment group create with a temporary parameters file (readable only by you, deleted
     afterwards), so the client secret never appears on a command line. Skipped when a deployment of
     the same template with the same parameters already succeeded (its name carries their hash).
  3. The custom API's OAuth redirect URL (a deployment output) is added to the connector's Entra app
     (web redirect URIs), when it is missing.
  4. The consent step: the connection is created unauthorized; the link where a person authorizes it.
  5. The trigger URL for callers with an Entra ID token (without the SAS query parameters).

Options:
  --resource-group <name>       The resource group (it must exist: az group create --name <name> --location <region>).
  --workspace-host <host>       The Databricks workspace host, adb-<id>.<n>.azuredatabricks.net (no https://).
  --client-id <client id>       The connector's Entra app, as npm run setup:azure-ad printed it.
  --client-secret-env <name>    The environment variable holding its client secret (default: ${DEFAULT_SECRET_VARIABLE}).
  --key-vault <vault id>        Or: take the secret from Azure Key Vault, the vault's resource ID
  --key-vault-secret <name>       and the secret's name (the vault must allow template deployment).
  --portal-audience <id or URI> The aud claim the trigger accepts: the portal app's client ID or Application ID URI.
  --allowed-job-ids <ids>       Databricks job IDs the portal may start, comma-separated; repeatable. None: nothing allowed.
  --tenant <tenant id>          The Entra tenant (default: the subscription's tenant).
  --token-issuer <url>          The iss claim the trigger accepts (default: https://sts.windows.net/<tenant>/, v1 tokens;
                                use https://login.microsoftonline.com/<tenant>/v2.0 when the portal app asks for v2 tokens).
  --name-prefix <prefix>        Prefix for the resource names and the deployment (letters, digits, hyphens).
  --template <file>             The template (default: logicapp/bin/azuredeploy.json).
  --redeploy                    Deploy even if nothing changed (needed after a new client secret).
  --dry-run                     Print every az command and the parameters file (secret redacted), and run none.
  -h, --help                    Show this help.

Exit codes: 0 done (the connection may still need consent: the output says so), 1 it failed (az is not
on PATH, nobody is signed in, the resource group does not exist, or an az command failed: the message
says which), 2 wrong options (nothing was run).
`;

export const DEPLOY_OPTIONS = {
    "resource-group": { type: "string" },
    "workspace-host": { type: "string" },
    "client-id": { type: "string" },
    "client-secret-env": { type: "string" },
    "key-vault": { type: "string" },
    "key-vault-secret": { type: "string" },
    "portal-audience": { type: "string" },
    "allowed-job-ids": { type: "string", multiple: true },
    tenant: { type: "string" },
    "token-issuer": { type: "string" },
    "name-prefix": { type: "string" },
    template: { type: "string" },
    redeploy: { type: "boolean" },
    "dry-run": { type: "boolean" },
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const INT64_MAX = 9223372036854775807n;
const VAULT_ID =
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[A-Za-z0-9-]{3,24}$/i;

function required(value: string | undefined, option: string, what: string): string {
    if (value === undefined || value.trim() === "") throw new UsageError(`--${option} is required: ${what}.`);
    return value.trim();
}

function resourceGroup(value: string | undefined): string {
    const name = required(value, "resource-group", "the resource group to deploy to");
    if (!/^[-\w.()]{1,90}$/u.test(name) || name.endsWith(".")) {
        throw new UsageError(
            `--resource-group ${JSON.stringify(name)} is not a resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.`,
        );
    }
    return name;
}

function workspaceHost(value: string | undefined): string {
    const host = required(value, "workspace-host", "the Databricks workspace host, adb-<id>.<n>.azuredatabricks.net");
    if (/^[a-z]+:\/\//i.test(host) || host.includes("/")) {
        throw new UsageError(
            `--workspace-host takes the host alone, without scheme or path: ${JSON.stringify(host.replace(/^[a-z]+:\/\//i, "").split("/")[0])}, not ${JSON.stringify(host)}.`,
        );
    }
    if (!HOST.test(host)) throw new UsageError(`--workspace-host ${JSON.stringify(host)} is not a host name.`);
    return host.toLowerCase();
}

function guid(value: string, option: string, what: string): string {
    if (!GUID.test(value)) {
        throw new UsageError(
            `--${option} must be ${what}, a GUID such as 00000000-0000-0000-0000-000000000000, not ${JSON.stringify(value)}.`,
        );
    }
    return value.toLowerCase();
}

function portalAudience(value: string | undefined): string {
    const audience = required(
        value,
        "portal-audience",
        "the portal app's client ID or Application ID URI, the aud claim of the tokens the trigger accepts",
    );
    if (GUID.test(audience) || /^(?:api|https):\/\/\S+$/.test(audience)) return audience;
    throw new UsageError(
        `--portal-audience must be the portal app's client ID (a GUID) or its Application ID URI (api://… or https://…), not ${JSON.stringify(audience)}.`,
    );
}

function jobIds(values: readonly string[]): string[] {
    const ids: string[] = [];
    for (const id of values.flatMap((value) => value.split(",")).map((part) => part.trim())) {
        if (id === "") continue;
        if (!/^\d{1,19}$/.test(id) || BigInt(id) > INT64_MAX || BigInt(id) === 0n) {
            throw new UsageError(
                `--allowed-job-ids: ${JSON.stringify(id)} is not a Databricks job ID (a whole number from 1 to 9223372036854775807).`,
            );
        }
        if (!ids.includes(id)) ids.push(id);
    }
    return ids;
}

function tokenIssuer(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    // Logic Apps refuses an AAD policy whose issuer starts otherwise (logic-apps-securing-a-logic-app.md).
    if (!/^https:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com)\/\S+$/.test(value)) {
        throw new UsageError(
            `--token-issuer must start with https://sts.windows.net/ or https://login.microsoftonline.com/ (Logic Apps accepts no other issuer), not ${JSON.stringify(value)}.`,
        );
    }
    return value;
}

function namePrefix(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,18}[A-Za-z0-9])?$/.test(value)) {
        throw new UsageError(
            `--name-prefix must be 1 to 20 letters, digits and hyphens, starting and ending with a letter or digit, not ${JSON.stringify(value)}.`,
        );
    }
    return value;
}

function secretSource(options: CommandLine<typeof DEPLOY_OPTIONS>["options"]): SecretSource {
    const vault = options["key-vault"];
    const secretName = options["key-vault-secret"];
    const variable = options["client-secret-env"];
    if (vault !== undefined || secretName !== undefined) {
        if (variable !== undefined)
            throw new UsageError("Give either --client-secret-env or --key-vault with --key-vault-secret, not both.");
        if (vault === undefined || secretName === undefined)
            throw new UsageError(
                "--key-vault and --key-vault-secret go together: the vault's resource ID and the secret's name.",
            );
        if (!VAULT_ID.test(vault)) {
            throw new UsageError(
                `--key-vault must be the vault's resource ID, /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>, not ${JSON.stringify(vault)}.`,
            );
        }
        if (!/^[A-Za-z0-9-]{1,127}$/.test(secretName))
            throw new UsageError(`--key-vault-secret ${JSON.stringify(secretName)} is not a Key Vault secret name.`);
        return { kind: "keyVault", vaultId: vault, secretName };
    }
    const name = variable ?? DEFAULT_SECRET_VARIABLE;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new UsageError(`--client-secret-env ${JSON.stringify(name)} is not an environment variable name.`);
    return { kind: "environment", variable: name };
}

/** Checks the options read from the command line; throws UsageError naming the option. */
export function deployOptions({ options }: CommandLine<typeof DEPLOY_OPTIONS>, cwd = process.cwd()): DeployOptions {
    const tenant = options.tenant;
    return {
        resourceGroup: resourceGroup(options["resource-group"]),
        workspaceHost: workspaceHost(options["workspace-host"]),
        clientId: guid(
            required(options["client-id"], "client-id", "the connector's Entra app (client) ID"),
            "client-id",
            "the connector's application (client) ID",
        ),
        secret: secretSource(options),
        portalAudience: portalAudience(options["portal-audience"]),
        allowedJobIds: jobIds(options["allowed-job-ids"]),
        tenantId: tenant === undefined ? undefined : guid(tenant, "tenant", "the tenant (directory) ID"),
        tokenIssuer: tokenIssuer(options["token-issuer"]),
        namePrefix: namePrefix(options["name-prefix"]),
        templateFile: options.template === undefined ? DEFAULT_TEMPLATE : path.resolve(cwd, options.template),
        redeploy: options.redeploy,
        dryRun: options["dry-run"],
    };
}

/** Reads the command line (without node and the script) and checks it, as deployOptions does. */
export function parseDeployOptions(argv: readonly string[], cwd?: string): DeployOptions {
    return deployOptions(parseCommandLine(argv, DEPLOY_OPTIONS), cwd);
}
