import { isObject } from "../common/objects";
import * as az from "./azCommands";
import { AzArgs, audienceOf } from "./azCommands";
import { AzResult } from "./azProcess";
import { AZURE_DATABRICKS_APP_ID } from "./constants";
import {
    Account,
    Application,
    appsNamed,
    decideSecret,
    hasTenantWideConsent,
    hasUserImpersonation,
    isPermissionDenied,
    isReplicationDelay,
    missingRedirectUris,
    PasswordCredential,
    PermissionGrant,
    ServicePrincipal,
    webRedirectUris,
} from "./decisions";
import { Audience, SecretExpiry, SetupOptions } from "./options";

/** Runs one `az` call. `changes` is false for calls that only read. */
export interface AzClient {
    run(args: AzArgs, changes: boolean): Promise<AzResult>;
}

/** An `az` call exited with an error. */
export class AzCommandFailed extends Error {
    constructor(
        readonly args: AzArgs,
        readonly result: AzResult,
    ) {
        super(`az ${args.join(" ")} exited with ${result.code}`);
    }
}

/** An `az` call printed something that is not the JSON it prints. */
export class UnexpectedOutput extends Error {
    constructor(
        readonly args: AzArgs,
        readonly detail: string,
    ) {
        super(detail);
    }
}

/** `az account show` failed: nobody is signed in (or the sign-in expired). */
export class NotSignedIn extends Error {
    constructor(readonly result: AzResult) {
        super("not signed in");
    }
}

/** More than one app registration has the display name. */
export class AmbiguousApp extends Error {
    constructor(
        readonly displayName: string,
        readonly apps: Application[],
    ) {
        super(`more than one app registration is named ${displayName}`);
    }
}

/** No app registration has the client ID given with --app-id. */
export class AppNotFound extends Error {
    constructor(readonly appId: string) {
        super(`no app registration has the client ID ${appId}`);
    }
}

export type ConsentOutcome =
    | { state: "granted" }
    | { state: "present" }
    | { state: "skipped" }
    /** AzureDatabricks has no service principal in the tenant: nothing to consent to yet. */
    | { state: "no-resource-sp" }
    | { state: "failed"; denied: boolean; args: AzArgs; stderr: string };

export type SecretOutcome =
    | { created: true; value: string; expiry: SecretExpiry; reason: "asked" | "none" | "all-expired" }
    | { created: false; existing: PasswordCredential[] };

/** What the run found and did: everything the summary prints. */
export interface Outcome {
    tenantId: string;
    user?: string;
    displayName: string;
    appId: string;
    appCreated: boolean;
    /** The app's audience (undefined for one this command would not create, e.g. personal accounts too). */
    audience: Audience | undefined;
    signInAudience?: string;
    /** The audience asked for differs from the existing app's; the app was left as it is. */
    audienceMismatch: boolean;
    permissionAdded: boolean;
    redirectUrisAdded: string[];
    redirectUris: string[];
    servicePrincipalCreated: boolean;
    secret: SecretOutcome;
    consent: ConsentOutcome;
}

export interface FlowEnvironment {
    now: Date;
    sleep(ms: number): Promise<void>;
    /** Progress lines (which step runs, waits). */
    progress(line: string): void;
    /** Pauses between attempts of `az ad sp create` while a new app replicates. */
    retryDelaysMs: readonly number[];
}

/** Runs one call; throws AzCommandFailed when it exits with an error. */
export async function run(client: AzClient, args: AzArgs, changes: boolean): Promise<AzResult> {
    const result = await client.run(args, changes);
    if (result.code !== 0) throw new AzCommandFailed(args, result);
    return result;
}

/** The JSON a call printed, checked; throws UnexpectedOutput naming `what` was expected. */
export function parse<T>(args: AzArgs, result: AzResult, check: (value: unknown) => boolean, what: string): T {
    let value: unknown;
    try {
        value = JSON.parse(result.stdout);
    } catch {
        throw new UnexpectedOutput(
            args,
            `expected ${what} as JSON, got ${JSON.stringify(result.stdout.slice(0, 200))}`,
        );
    }
    if (!check(value))
        throw new UnexpectedOutput(args, `expected ${what}, got ${JSON.stringify(result.stdout.slice(0, 200))}`);
    return value as T;
}

export const isApp = (value: unknown) =>
    isObject(value) && typeof value.appId === "string" && typeof value.id === "string";
export const isAppList = (value: unknown) => Array.isArray(value) && value.every(isApp);
const isSp = (value: unknown) => isObject(value) && typeof value.id === "string";
const isSpList = (value: unknown) => Array.isArray(value) && value.every(isSp);
const isGrantList = (value: unknown) => Array.isArray(value) && value.every(isObject);

export async function runJson<T>(
    client: AzClient,
    args: AzArgs,
    changes: boolean,
    check: (value: unknown) => boolean,
    what: string,
): Promise<T> {
    return parse<T>(args, await run(client, args, changes), check, what);
}

async function createServicePrincipal(
    client: AzClient,
    appId: string,
    env: FlowEnvironment,
): Promise<ServicePrincipal> {
    const args = az.servicePrincipalCreate(appId);
    for (let attempt = 0; ; attempt++) {
        const result = await client.run(args, true);
        if (result.code === 0) return parse<ServicePrincipal>(args, result, isSp, "a service principal");
        const delay = env.retryDelaysMs[attempt];
        if (delay === undefined || !isReplicationDelay(result.stderr)) throw new AzCommandFailed(args, result);
        env.progress(
            `The new app has not reached every directory replica yet; trying again in ${Math.round(delay / 1000)} s.`,
        );
        await env.sleep(delay);
    }
}

async function grantConsent(
    client: AzClient,
    appId: string,
    clientSp: ServicePrincipal,
    spIsNew: boolean,
): Promise<ConsentOutcome> {
    try {
        const resources = await runJson<ServicePrincipal[]>(
            client,
            az.servicePrincipalListByAppId(AZURE_DATABRICKS_APP_ID),
            false,
            isSpList,
            "a list of service principals",
        );
        if (resources.length === 0) return { state: "no-resource-sp" };
        if (!spIsNew) {
            const grants = await runJson<PermissionGrant[]>(
                client,
                az.permissionListGrants(appId),
                false,
                isGrantList,
                "a list of permission grants",
            );
            if (hasTenantWideConsent(grants, clientSp.id, resources[0].id)) return { state: "present" };
        }
        await run(client, az.permissionGrant(appId), true);
        return { state: "granted" };
    } catch (error) {
        if (error instanceof AzCommandFailed) {
            return {
                state: "failed",
                denied: isPermissionDenied(error.result.stderr),
                args: error.args,
                stderr: error.result.stderr,
            };
        }
        if (error instanceof UnexpectedOutput)
            return { state: "failed", denied: false, args: error.args, stderr: error.detail };
        throw error;
    }
}

/**
 * Adds the wanted web redirect URIs the app lacks, keeping the ones it has (Graph replaces the
 * whole list); changes nothing when every one is there.
 */
export async function addRedirectUris(
    client: AzClient,
    app: Application,
    wanted: readonly string[],
    progress: (line: string) => void,
): Promise<{ added: string[]; redirectUris: string[] }> {
    const added = missingRedirectUris(app, wanted);
    const existing = webRedirectUris(app);
    if (added.length === 0) return { added, redirectUris: existing };
    progress(`Adding ${added.length} web redirect URI(s), keeping the ${existing.length} the app has.`);
    const redirectUris = [...existing, ...added];
    await run(client, az.webRedirectUrisUpdate(app.appId, redirectUris), true);
    return { added, redirectUris };
}

/** The account `az` is signed in with; NotSignedIn when there is none. */
export async function signedInAccount(client: AzClient): Promise<Account> {
    const accountArgs = az.accountShow();
    const accountResult = await client.run(accountArgs, false);
    if (accountResult.code !== 0) throw new NotSignedIn(accountResult);
    return parse<Account>(
        accountArgs,
        accountResult,
        (value) => isObject(value) && typeof value.tenantId === "string",
        "the signed-in account",
    );
}

/**
 * The set-up, step by step. Each step first looks at what exists and changes only what is
 * missing, so a second run changes nothing. Throws NotSignedIn, AmbiguousApp, AppNotFound,
 * AzCommandFailed or UnexpectedOutput; a failed consent is part of the outcome, not an error.
 * Once a secret is created nothing after it can throw, so a new secret is never lost to a later step.
 */
export async function runSetup(options: SetupOptions, client: AzClient, env: FlowEnvironment): Promise<Outcome> {
    const account = await signedInAccount(client);

    env.progress("Looking for the app registration.");
    let app: Application | undefined;
    if (options.appId) {
        const apps = await runJson<Application[]>(
            client,
            az.appListByAppId(options.appId),
            false,
            isAppList,
            "a list of applications",
        );
        app = apps[0];
        if (!app) throw new AppNotFound(options.appId);
    } else {
        const apps = appsNamed(
            await runJson<Application[]>(
                client,
                az.appListByDisplayName(options.displayName),
                false,
                isAppList,
                "a list of applications",
            ),
            options.displayName,
        );
        if (apps.length > 1) throw new AmbiguousApp(options.displayName, apps);
        app = apps[0];
    }

    let appCreated = false;
    if (!app) {
        env.progress(`Creating the app registration ${JSON.stringify(options.displayName)}.`);
        app = await runJson<Application>(
            client,
            az.appCreate(options.displayName, options.audience, options.redirectUris),
            true,
            isApp,
            "the new application",
        );
        appCreated = true;
    }
    const appId = app.appId;
    const audience = audienceOf(app.signInAudience);

    let permissionAdded = false;
    if (!hasUserImpersonation(app)) {
        env.progress("Adding the delegated permission user_impersonation on AzureDatabricks.");
        await run(client, az.permissionAdd(appId), true);
        permissionAdded = true;
    }

    const { added: redirectUrisAdded, redirectUris } = await addRedirectUris(
        client,
        app,
        options.redirectUris,
        env.progress,
    );

    let servicePrincipal: ServicePrincipal | undefined;
    if (!appCreated) {
        const found = await runJson<ServicePrincipal[]>(
            client,
            az.servicePrincipalListByAppId(appId),
            false,
            isSpList,
            "a list of service principals",
        );
        servicePrincipal = found[0];
    }
    const servicePrincipalCreated = !servicePrincipal;
    if (!servicePrincipal) {
        env.progress("Creating the app's service principal (enterprise application).");
        servicePrincipal = await createServicePrincipal(client, appId, env);
    }

    let secret: SecretOutcome;
    const decision = decideSecret(app, env.now, options.newSecret);
    if (decision.create) {
        env.progress("Creating a client secret.");
        const args = az.credentialReset(appId, options.secretExpiry);
        const created = parse<{ password: string }>(
            args,
            await run(client, args, true),
            (value) => isObject(value) && typeof value.password === "string" && value.password !== "",
            "the new credential",
        );
        secret = { created: true, value: created.password, expiry: options.secretExpiry, reason: decision.reason };
    } else {
        secret = { created: false, existing: decision.existing };
    }

    let consent: ConsentOutcome = { state: "skipped" };
    if (!options.skipConsent) {
        env.progress("Checking admin consent.");
        consent = await grantConsent(client, appId, servicePrincipal, servicePrincipalCreated);
    }

    return {
        tenantId: account.tenantId,
        user: account.user?.name,
        displayName: app.displayName ?? options.displayName,
        appId,
        appCreated,
        audience,
        signInAudience: app.signInAudience,
        audienceMismatch: !appCreated && audience !== options.audience,
        permissionAdded,
        redirectUrisAdded,
        redirectUris,
        servicePrincipalCreated,
        secret,
        consent,
    };
}
