import { AZURE_DATABRICKS_APP_ID, USER_IMPERSONATION, USER_IMPERSONATION_ID } from "./constants";

/**
 * What the set-up decides from what `az` printed. Pure functions of Microsoft Graph's JSON shapes
 * (application, servicePrincipal, oauth2PermissionGrant), as the Azure CLI prints them.
 */

export interface PasswordCredential {
    keyId?: string;
    displayName?: string | null;
    hint?: string | null;
    endDateTime?: string | null;
}

export interface Application {
    id: string;
    appId: string;
    displayName?: string;
    signInAudience?: string;
    web?: { redirectUris?: string[] | null } | null;
    requiredResourceAccess?: Array<{
        resourceAppId: string;
        resourceAccess?: Array<{ id: string; type: string }> | null;
    }> | null;
    passwordCredentials?: PasswordCredential[] | null;
}

export interface ServicePrincipal {
    id: string;
    appId?: string;
}

export interface PermissionGrant {
    clientId?: string;
    consentType?: string;
    resourceId?: string;
    scope?: string | null;
}

export interface Account {
    tenantId: string;
    user?: { name?: string; type?: string };
}

/** The apps whose display name is the given one (Graph compares case-insensitively, and so does this). */
export function appsNamed(apps: readonly Application[], displayName: string): Application[] {
    const wanted = displayName.toLowerCase();
    return apps.filter((app) => (app.displayName ?? "").toLowerCase() === wanted);
}

/** Whether the app already asks for AzureDatabricks' delegated user_impersonation. */
export function hasUserImpersonation(app: Application): boolean {
    return (app.requiredResourceAccess ?? []).some(
        (required) =>
            required.resourceAppId.toLowerCase() === AZURE_DATABRICKS_APP_ID &&
            (required.resourceAccess ?? []).some(
                (access) => access.id.toLowerCase() === USER_IMPERSONATION_ID && access.type === "Scope",
            ),
    );
}

export function webRedirectUris(app: Application): string[] {
    return [...(app.web?.redirectUris ?? [])];
}

/** The wanted redirect URIs the app does not have yet (compared exactly, as Entra ID matches them). */
export function missingRedirectUris(app: Application, wanted: readonly string[]): string[] {
    const existing = new Set(webRedirectUris(app));
    return wanted.filter((uri, index) => !existing.has(uri) && wanted.indexOf(uri) === index);
}

/** The app's client secrets that have not expired at `now` (a secret without an end never expires). */
export function unexpiredSecrets(app: Application, now: Date): PasswordCredential[] {
    return (app.passwordCredentials ?? []).filter(
        (secret) => !secret.endDateTime || Date.parse(secret.endDateTime) > now.getTime(),
    );
}

export type SecretDecision =
    { create: true; reason: "asked" | "none" | "all-expired" } | { create: false; existing: PasswordCredential[] };

/** A new secret only when asked to, or when the app has none that still works. */
export function decideSecret(app: Application, now: Date, newSecret: boolean): SecretDecision {
    if (newSecret) return { create: true, reason: "asked" };
    const unexpired = unexpiredSecrets(app, now);
    if (unexpired.length > 0) return { create: false, existing: unexpired };
    return { create: true, reason: (app.passwordCredentials ?? []).length === 0 ? "none" : "all-expired" };
}

/** Whether the app's service principal holds tenant-wide consent for user_impersonation on the resource. */
export function hasTenantWideConsent(
    grants: readonly PermissionGrant[],
    clientSpId: string,
    resourceSpId: string,
): boolean {
    return grants.some(
        (grant) =>
            grant.clientId === clientSpId &&
            grant.resourceId === resourceSpId &&
            grant.consentType === "AllPrincipals" &&
            (grant.scope ?? "").split(/\s+/).includes(USER_IMPERSONATION),
    );
}

/** Whether an `az` error says the caller may not do it (Graph's 403 Authorization_RequestDenied). */
export function isPermissionDenied(stderr: string): boolean {
    return /insufficient privileges|Authorization_RequestDenied|\b403\b|forbidden|not authorized|permission to grant/i.test(
        stderr,
    );
}

/** Whether an `az ad sp create` error is the directory not having caught up with a new app yet. */
export function isReplicationDelay(stderr: string): boolean {
    return / does not reference | does not exist |service principal being created must in the local tenant/i.test(
        stderr,
    );
}
