import { AzArgs, permissionGrant, servicePrincipalCreate } from "./azCommands";
import { AZURE_DATABRICKS_APP_ID, DEFAULT_DISPLAY_NAME, REDIRECT_PREFIX } from "./constants";
import { Application } from "./decisions";
import { SecretExpiry, SetupOptions } from "./options";
import { Outcome } from "./setupFlow";

/** What people read: the commands, the summary, and the error messages. Pure functions of the outcome. */

/** One argument as a POSIX shell would need it to copy and paste the command (display only: nothing runs through a shell). */
export function quoteForDisplay(arg: string): string {
    if (/^[A-Za-z0-9_\-.,:/=@%+]+$/.test(arg) || /^<[a-z-]+>$/.test(arg)) return arg;
    if (!/["$`\\!]/.test(arg)) return `"${arg}"`;
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(args: AzArgs): string {
    return ["az", ...args].map(quoteForDisplay).join(" ");
}

export function apiPermissionsUrl(appId: string): string {
    return `https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${appId}`;
}

function rerunCommand(options: SetupOptions, appId: string, redirect: string): string {
    const target = options.appId
        ? `--app-id ${appId} `
        : options.displayName === DEFAULT_DISPLAY_NAME
          ? ""
          : `--display-name ${quoteForDisplay(options.displayName)} `;
    return `npm run setup:azure-ad -- ${target}--redirect-uri ${redirect}`;
}

function expiryText(expiry: SecretExpiry, now: Date): string {
    if ("endDate" in expiry) return expiry.endDate;
    const end = new Date(now.getTime());
    end.setUTCFullYear(end.getUTCFullYear() + expiry.years);
    return end.toISOString().slice(0, 10);
}

const ROW = (label: string, value: string) => `  ${label.padEnd(26)}${value}`;
const MORE = (value: string) => `  ${"".padEnd(26)}${value}`;

/** The summary after a real run. The secret appears only when this run created it. */
export function formatSummary(outcome: Outcome, options: SetupOptions, now: Date): string {
    const lines = [
        ...applicationRows(outcome, options),
        ...secretRows(outcome, now),
        consentRow(outcome.consent),
        ...whatGoesWhere(outcome, options),
        ...consentStillNeeded(outcome),
    ];
    return lines.join("\n") + "\n";
}

function applicationRows(outcome: Outcome, options: SetupOptions): string[] {
    const lines: string[] = [];
    lines.push(
        `Azure AD application for the Databricks Jobs connector: ${outcome.appCreated ? "created" : "checked"} in tenant ${outcome.tenantId}.`,
        "",
    );
    lines.push(
        ROW("Tenant (directory) ID", outcome.tenantId + (outcome.user ? `   (signed in as ${outcome.user})` : "")),
    );
    lines.push(
        ROW(
            "Application (client) ID",
            `${outcome.appId}   (${outcome.appCreated ? "new app registration" : "existing app registration"})`,
        ),
    );
    lines.push(ROW("Display name", outcome.displayName));
    lines.push(
        ROW(
            "Supported account types",
            outcome.audience === "multi"
                ? "any Entra ID tenant (AzureADMultipleOrgs)"
                : outcome.audience === "single"
                  ? "this tenant only (AzureADMyOrg)"
                  : `${outcome.signInAudience ?? "unknown"}`,
        ),
    );
    if (outcome.audienceMismatch) {
        lines.push(
            MORE(
                `(left as it is although --audience is ${options.audience}: this command sets the audience only when it creates the app;`,
            ),
        );
        lines.push(
            MORE(
                ` to change it: az ad app update --id ${outcome.appId} --sign-in-audience ${options.audience === "single" ? "AzureADMyOrg" : "AzureADMultipleOrgs"})`,
            ),
        );
    }
    lines.push(
        ROW(
            "API permission",
            `AzureDatabricks user_impersonation (delegated): ${outcome.permissionAdded ? "added" : "already there"}`,
        ),
    );
    lines.push(ROW("Service principal", outcome.servicePrincipalCreated ? "created" : "already there"));
    if (outcome.redirectUris.length === 0) lines.push(ROW("Web redirect URIs", "none yet (see step 5 below)"));
    outcome.redirectUris.forEach((uri, index) => {
        const label = index === 0 ? "Web redirect URIs" : "";
        lines.push(ROW(label, `${uri}${outcome.redirectUrisAdded.includes(uri) ? "   (added)" : ""}`));
    });
    return lines;
}

function secretRows(outcome: Outcome, now: Date): string[] {
    const lines: string[] = [];
    if (outcome.secret.created) {
        lines.push(ROW("Client secret", outcome.secret.value));
        lines.push(
            MORE(
                `new, expires ${expiryText(outcome.secret.expiry, now)}${outcome.secret.reason === "all-expired" ? " (every other secret of the app had expired)" : ""}.`,
            ),
        );
        lines.push(MORE("Copy it now: it is shown only this once, and this command saved it nowhere."));
    } else {
        const ends = outcome.secret.existing.map(
            (secret) =>
                `${secret.displayName ? `"${secret.displayName}" ` : ""}expires ${secret.endDateTime ? secret.endDateTime.slice(0, 10) : "never"}`,
        );
        lines.push(
            ROW(
                "Client secret",
                `not created: the app has ${outcome.secret.existing.length} unexpired secret(s) (${ends.join("; ")}).`,
            ),
        );
        lines.push(
            MORE("Azure never shows a secret's value again; use the one you stored, or run again with --new-secret."),
        );
    }
    return lines;
}

function consentRow(consent: Outcome["consent"]): string {
    if (consent.state === "granted") return ROW("Admin consent", "granted now, for all users of the tenant");
    if (consent.state === "present") return ROW("Admin consent", "already granted, for all users of the tenant");
    if (consent.state === "skipped") return ROW("Admin consent", "not checked (--skip-consent)");
    if (consent.state === "no-resource-sp") {
        return ROW("Admin consent", "NOT granted: AzureDatabricks has no service principal in this tenant");
    }
    const why = consent.denied ? "your account may not grant it" : `${formatCommand(consent.args)} failed`;
    return ROW("Admin consent", `NOT granted: ${why}`);
}

function whatGoesWhere(outcome: Outcome, options: SetupOptions): string[] {
    const multi = outcome.audience === "multi";
    const lines: string[] = [];
    lines.push("", "What goes where in the connector:");
    lines.push(`  1. Client ID: ${outcome.appId}`);
    lines.push(
        "     In the solution: the environment variable dbxjt_DatabricksClientId, asked for at import (docs/admin-guide.md).",
    );
    lines.push(
        "     Without the solution: the connector's Security tab (Client ID), or your local copy of connector/apiProperties.json at",
    );
    lines.push("     properties.connectionParameters.token.oAuthSettings.clientId (do not commit it).");
    lines.push(`  2. Client secret: ${outcome.secret.created ? "the value above" : "the secret you stored"}`);
    lines.push(
        "     In the solution: store it in Azure Key Vault and give dbxjt_DatabricksClientSecret the secret's Key Vault reference at import.",
    );
    lines.push(
        "     Without the solution: the Security tab (Client secret), or: paconn create --settings connector/settings.json --secret <client secret>",
    );
    if (multi) {
        lines.push("  3. Tenant ID: common (as connector/apiProperties.json ships it, customParameters.tenantId).");
    } else {
        lines.push(`  3. Tenant ID: ${outcome.tenantId}`);
        lines.push(
            '     The app is single-tenant, so replace "common" in customParameters.tenantId of connector/apiProperties.json',
        );
        lines.push('     (Security tab: Tenant ID); with "common" sign-in fails with AADSTS50194.');
    }
    lines.push(`  4. Resource URL: ${AZURE_DATABRICKS_APP_ID} (as shipped; the AzureDatabricks application).`);
    if (outcome.redirectUris.some((uri) => uri.startsWith(REDIRECT_PREFIX))) {
        lines.push(
            "  5. Redirect URL: registered above. A connector created anew (or in another environment) has a new one; add it with:",
        );
    } else {
        lines.push(
            "  5. Redirect URL: once the connector exists, copy the Redirect URL from its Security tab and run:",
        );
    }
    lines.push(`       ${rerunCommand(options, outcome.appId, "<redirect URL>")}`);
    lines.push("     Until the app lists it, signing in fails with AADSTS50011 (redirect URI mismatch).");
    return lines;
}

function consentStillNeeded(outcome: Outcome): string[] {
    const consent = outcome.consent;
    const lines: string[] = [];
    if (consent.state === "no-resource-sp" || consent.state === "failed") {
        lines.push("", "Admin consent is still needed:");
        if (consent.state === "no-resource-sp") {
            lines.push(
                "  AzureDatabricks (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) has no service principal in this tenant, so there is nothing",
            );
            lines.push(
                "  to consent to yet. Tenants with an Azure Databricks workspace usually have it; an administrator can add it with:",
            );
            lines.push(`    ${formatCommand(servicePrincipalCreate(AZURE_DATABRICKS_APP_ID).slice(0, -2))}`);
            lines.push("  and then run this command again.");
        } else {
            const firstLine =
                consent.stderr
                    .split("\n")
                    .map((line) => line.trim())
                    .find((line) => line !== "") ?? "";
            if (firstLine) lines.push(`  The Azure CLI said: ${firstLine}`);
            lines.push(
                "  An administrator with the Privileged Role Administrator, Cloud Application Administrator or Application Administrator",
            );
            lines.push("  role (or Global Administrator) can grant it, either in the Azure portal:");
            lines.push(`    ${apiPermissionsUrl(outcome.appId)}`);
            lines.push(`    API permissions → Grant admin consent for <your tenant>`);
            lines.push("  or with the Azure CLI:");
            lines.push(`    ${formatCommand(permissionGrant(outcome.appId).slice(0, -2))}`);
        }
        lines.push(
            "  Until then each user is asked to consent at first sign-in, if the tenant lets users consent to apps.",
        );
    }
    return lines;
}

/** The output of --dry-run: every command, in order, marked as reading or changing. */
export function formatDryRun(commands: ReadonlyArray<{ args: AzArgs; changes: boolean }>, azOnPath: boolean): string {
    const lines = [
        "Dry run: the az commands a first run would run, in order. None was run, not even the ones that only read.",
        "Values that exist only after an earlier step are shown as <...>. A real run first looks at what exists and",
        "skips what is there (a client secret is created only when the app has no unexpired one, or with --new-secret).",
        "",
    ];
    commands.forEach((command, index) => {
        lines.push(
            `  ${String(index + 1).padStart(2)}. ${command.changes ? "[changes]" : "[reads]  "} ${formatCommand(command.args)}`,
        );
    });
    if (!azOnPath)
        lines.push("", "Note: az is not on PATH here; install the Azure CLI and run az login before a real run.");
    return lines.join("\n") + "\n";
}

export function formatAzFailure(args: AzArgs, code: number, stderr: string): string {
    return (
        [
            `An az command failed (exit code ${code}):`,
            `  ${formatCommand(args)}`,
            stderr.trim() === "" ? "  (it printed nothing on stderr)" : stderr.trimEnd(),
            "The steps before it are done. Fix the cause and run this command again: it continues where it stopped.",
        ].join("\n") + "\n"
    );
}

export function formatNotSignedIn(code: number, stderr: string): string {
    return (
        [
            `The Azure CLI is not signed in: "az account show" failed (exit code ${code}):`,
            stderr.trim() === "" ? "  (it printed nothing on stderr)" : stderr.trimEnd(),
            "Sign in with az login (az login --tenant <tenant> for another directory; add --allow-no-subscriptions when it",
            "has no Azure subscription), then run this command again.",
        ].join("\n") + "\n"
    );
}

export function formatAmbiguous(displayName: string, apps: readonly Application[]): string {
    return (
        [
            `${apps.length} app registrations in this tenant are named ${JSON.stringify(displayName)}:`,
            ...apps.map((app) => `  client ID ${app.appId}`),
            "Pick one with --app-id <client ID>, or choose another --display-name.",
        ].join("\n") + "\n"
    );
}

export const AZ_MISSING =
    "The Azure CLI (az) is not on PATH. Install it (https://learn.microsoft.com/cli/azure/install-azure-cli),\n" +
    "sign in with az login, and run this command again. --dry-run shows the commands without az.\n";

export function azShellOnly(path: string): string {
    return (
        `Found ${path}, but not the python.exe of the Azure CLI's Windows installer next to it (..\\python.exe).\n` +
        "This command starts az without a shell, and Windows starts .cmd files only through cmd.exe. Install the Azure CLI\n" +
        "with its MSI installer, or run this command in WSL, on Linux or on macOS.\n"
    );
}
