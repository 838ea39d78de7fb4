import { AZURE_DATABRICKS_APP_ID, SECRET_DISPLAY_NAME, USER_IMPERSONATION, USER_IMPERSONATION_ID } from "./constants";
import { Audience, SecretExpiry } from "./options";

/**
 * The argument arrays of every `az` call the set-up makes (without the leading `az`). They are
 * passed to the process as they are, never through a shell. Every call asks for JSON output, so a
 * different default (`az config set core.output=table`) does not break the parsing.
 *
 * Sources: the azure-cli repository, src/azure-cli/azure/cli/command_modules/role/
 * (_params.py for the options, custom.py for what each command does and prints).
 */
export type AzArgs = readonly string[];

const JSON_OUTPUT = ["--output", "json"] as const;

/** OData string literal: single quotes doubled (the filter goes to Microsoft Graph as is). */
export function odataString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** Graph's signInAudience for each audience. */
export function signInAudience(audience: Audience): "AzureADMyOrg" | "AzureADMultipleOrgs" {
    return audience === "single" ? "AzureADMyOrg" : "AzureADMultipleOrgs";
}

/** The audience of a signInAudience value, or undefined for one this command does not create. */
export function audienceOf(value: string | undefined): Audience | undefined {
    if (value === "AzureADMyOrg") return "single";
    if (value === "AzureADMultipleOrgs") return "multi";
    return undefined;
}

/** The signed-in account and its tenant; fails ("Please run 'az login' to setup account.") when signed out. */
export function accountShow(): AzArgs {
    return ["account", "show", ...JSON_OUTPUT];
}

/**
 * App registrations with exactly this display name. `--display-name` would match by prefix
 * (custom.py builds `startswith(displayName,'…')`), so the command passes its own `eq` filter.
 */
export function appListByDisplayName(displayName: string): AzArgs {
    return ["ad", "app", "list", "--filter", `displayName eq ${odataString(displayName)}`, ...JSON_OUTPUT];
}

/** The app registration with this client ID (an empty list when there is none). */
export function appListByAppId(appId: string): AzArgs {
    return ["ad", "app", "list", "--filter", `appId eq ${odataString(appId)}`, ...JSON_OUTPUT];
}

/** A new app registration; with redirect URIs, its web platform has them from the start. */
export function appCreate(displayName: string, audience: Audience, redirectUris: readonly string[]): AzArgs {
    const web = redirectUris.length > 0 ? ["--web-redirect-uris", ...redirectUris] : [];
    return [
        "ad",
        "app",
        "create",
        "--display-name",
        displayName,
        "--sign-in-audience",
        signInAudience(audience),
        ...web,
        ...JSON_OUTPUT,
    ];
}

/**
 * Adds AzureDatabricks' delegated user_impersonation to requiredResourceAccess. Not idempotent:
 * custom.py appends to resourceAccess without looking, so the caller checks first.
 */
export function permissionAdd(appId: string): AzArgs {
    return [
        "ad",
        "app",
        "permission",
        "add",
        "--id",
        appId,
        "--api",
        AZURE_DATABRICKS_APP_ID,
        "--api-permissions",
        `${USER_IMPERSONATION_ID}=Scope`,
        ...JSON_OUTPUT,
    ];
}

/** Sets web.redirectUris to exactly this list (Graph replaces the whole list), so pass the old ones too. */
export function webRedirectUrisUpdate(appId: string, redirectUris: readonly string[]): AzArgs {
    return ["ad", "app", "update", "--id", appId, "--web-redirect-uris", ...redirectUris, ...JSON_OUTPUT];
}

/** Service principals of an application (an empty list when there is none). */
export function servicePrincipalListByAppId(appId: string): AzArgs {
    return ["ad", "sp", "list", "--filter", `appId eq ${odataString(appId)}`, ...JSON_OUTPUT];
}

/** The app's service principal (enterprise application) in this tenant. */
export function servicePrincipalCreate(appId: string): AzArgs {
    return ["ad", "sp", "create", "--id", appId, ...JSON_OUTPUT];
}

/**
 * A new client secret; prints `{"appId", "password", "tenant"}`. `--append` keeps the existing
 * secrets: without it the command deletes every other secret of the app first (custom.py,
 * _reset_credential), which would break a connector that uses one of them.
 */
export function credentialReset(appId: string, expiry: SecretExpiry): AzArgs {
    const lifetime = "endDate" in expiry ? ["--end-date", expiry.endDate] : ["--years", String(expiry.years)];
    return [
        "ad",
        "app",
        "credential",
        "reset",
        "--id",
        appId,
        "--append",
        "--display-name",
        SECRET_DISPLAY_NAME,
        ...lifetime,
        ...JSON_OUTPUT,
    ];
}

/** The app's delegated permission grants (oauth2PermissionGrants whose clientId is its service principal). */
export function permissionListGrants(appId: string): AzArgs {
    return ["ad", "app", "permission", "list-grants", "--id", appId, ...JSON_OUTPUT];
}

/**
 * Tenant-wide admin consent (consentType AllPrincipals, the default) for user_impersonation on
 * AzureDatabricks, through Microsoft Graph's oauth2PermissionGrants. Chosen over
 * `az ad app permission admin-consent`, which posts to an undocumented portal endpoint
 * (main.iam.ad.ext.azure.com) and does not work in sovereign clouds.
 */
export function permissionGrant(appId: string): AzArgs {
    return [
        "ad",
        "app",
        "permission",
        "grant",
        "--id",
        appId,
        "--api",
        AZURE_DATABRICKS_APP_ID,
        "--scope",
        USER_IMPERSONATION,
        ...JSON_OUTPUT,
    ];
}
