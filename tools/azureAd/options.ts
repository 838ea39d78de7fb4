import { CommandLine, parseCommandLine, UsageError } from "../common/cli";
import { DEFAULT_DISPLAY_NAME, MAX_SECRET_YEARS, REDIRECT_PREFIX, SHARED_REDIRECT_URL } from "./constants";

/** Who may sign in with the app: accounts of this tenant only, or of any Entra ID tenant. */
export type Audience = "single" | "multi";

/** How long a new client secret lives: whole years, or up to a date (YYYY-MM-DD, UTC). */
export type SecretExpiry = { years: number } | { endDate: string };

export interface SetupOptions {
    displayName: string;
    /** Client ID of an existing app registration to use instead of looking it up by display name. */
    appId?: string;
    audience: Audience;
    /** Connector redirect URLs to add to the app's web redirect URIs, in the order given, without repeats. */
    redirectUris: string[];
    secretExpiry: SecretExpiry;
    /** Add a client secret even when the app has one that has not expired. */
    newSecret: boolean;
    /** Do not try to grant admin consent. */
    skipConsent: boolean;
    /** Print the `az` commands instead of running them. */
    dryRun: boolean;
    help: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONNECTOR_REDIRECT = /^https:\/\/global\.consent\.azure-apim\.net\/redirect\/[A-Za-z0-9][A-Za-z0-9-]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const USAGE = "Usage: npm run setup:azure-ad -- [options]";

export const HELP = `Register the Azure AD (Entra ID) application the Databricks Jobs connector signs in with.

${USAGE}

Uses the Azure CLI (az) you are signed in with (az login) and works in its tenant. It finds the app
registration by its display name (or --app-id) and creates only what is missing, so it can run again:
  - the app registration (a web app: it signs in with a client secret),
  - the delegated permission user_impersonation on AzureDatabricks (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d),
  - its service principal (enterprise application),
  - a client secret, only when the app has no unexpired one (or with --new-secret),
  - tenant-wide admin consent, when your role allows it (otherwise it says who can, and how),
  - the connector's redirect URL as a web redirect URI, when you pass --redirect-uri.
It prints the client ID, the new secret (only in the run that created it; it is never saved), the
tenant, and where each goes in the connector.

Options:
  --display-name <name>   Display name of the app registration (default: "${DEFAULT_DISPLAY_NAME}").
  --app-id <client id>    Use this existing app registration instead of finding one by display name.
  --audience multi|single Who may sign in (default: multi). Only used when the app is created.
                            multi  = accounts in any Entra ID tenant (AzureADMultipleOrgs). The connector
                                     signs in through the "common" endpoint (tenantId "common" in
                                     connector/apiProperties.json), which Entra ID allows only for
                                     multi-tenant apps (a single-tenant app fails with AADSTS50194).
                                     Users still need access to your workspace to run anything.
                            single = accounts of your tenant only (AzureADMyOrg). Then set the
                                     connector's Tenant ID (customParameters.tenantId) to your tenant ID
                                     instead of "common"; guest users then sign in through your tenant too.
  --redirect-uri <url>    The connector's redirect URL, from its Security tab once it exists:
                            ${REDIRECT_PREFIX}<connector>
                          Added to the app's web redirect URIs; existing ones are kept. Repeatable.
  --secret-years <n>      Lifetime of a new client secret in years, 1 to ${MAX_SECRET_YEARS} (default: 1).
  --secret-end-date <d>   Expiry date of a new client secret instead, YYYY-MM-DD (at most ${MAX_SECRET_YEARS} years ahead).
  --new-secret            Add a new client secret even if an unexpired one exists (existing ones stay valid).
  --skip-consent          Do not try to grant admin consent.
  --dry-run               Print every az command a first run would run, and run none (not even the
                          read-only ones): values that only exist after a step are shown as <...>.
  -h, --help              Show this help.

Exit codes: 0 done (admin consent may still be pending, see the summary), 1 it failed (an az command
failed, az is not on PATH, nobody is signed in, or more than one app registration has that display
name: the message says which), 2 wrong options (nothing was run).

Examples:
  npm run setup:azure-ad -- --dry-run
  npm run setup:azure-ad
  npm run setup:azure-ad -- --redirect-uri ${REDIRECT_PREFIX}<connector>
  npm run setup:azure-ad -- --display-name "Databricks Jobs (test)" --audience single --secret-years 2
  npm run setup:azure-ad -- --new-secret
`;

/** Problem with a connector redirect URL, or undefined when it looks like one. */
export function redirectUriProblem(uri: string): string | undefined {
    if (uri.replace(/\/+$/, "") === SHARED_REDIRECT_URL) {
        return `${uri} is the shared redirect URL of connectors with redirectMode "Global"; this connector uses "GlobalPerConnector", so copy the connector's own Redirect URL from its Security tab (${REDIRECT_PREFIX}<connector>).`;
    }
    if (!CONNECTOR_REDIRECT.test(uri)) {
        return `--redirect-uri ${JSON.stringify(uri)} does not look like a connector's redirect URL: expected ${REDIRECT_PREFIX}<connector> (letters, digits and hyphens; no trailing slash, query or fragment), as the connector's Security tab shows it.`;
    }
    return undefined;
}

function displayNameProblem(name: string): string | undefined {
    if (name.trim() === "") return "--display-name must not be empty.";
    if (name !== name.trim()) return "--display-name must not start or end with spaces.";
    if (name.length > 120) return "--display-name must be at most 120 characters.";
    if (/\p{Cc}/u.test(name)) return "--display-name must not contain control characters.";
    return undefined;
}

function addYearsUtc(day: Date, years: number): Date {
    const result = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    result.setUTCFullYear(result.getUTCFullYear() + years);
    return result;
}

function parseEndDate(value: string, now: Date): string {
    const match = DATE.exec(value);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!match || !date || date.toISOString().slice(0, 10) !== value) {
        throw new UsageError(`--secret-end-date ${JSON.stringify(value)} is not a date of the form YYYY-MM-DD.`);
    }
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (date.getTime() <= today.getTime()) throw new UsageError(`--secret-end-date ${value} is not in the future.`);
    if (date.getTime() > addYearsUtc(today, MAX_SECRET_YEARS).getTime()) {
        throw new UsageError(`--secret-end-date ${value} is more than ${MAX_SECRET_YEARS} years ahead.`);
    }
    return value;
}

function parseYears(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_SECRET_YEARS) {
        throw new UsageError(
            `--secret-years must be a whole number from 1 to ${MAX_SECRET_YEARS}, not ${JSON.stringify(value)}.`,
        );
    }
    return Number(value);
}

export const SETUP_OPTIONS = {
    "display-name": { type: "string" },
    "app-id": { type: "string" },
    audience: { type: "string", default: "multi" },
    "redirect-uri": { type: "string", multiple: true },
    "secret-years": { type: "string" },
    "secret-end-date": { type: "string" },
    "new-secret": { type: "boolean" },
    "skip-consent": { type: "boolean" },
    "dry-run": { type: "boolean" },
} as const;

/** Checks the options read from the command line; throws UsageError with a message that names the option. `now` decides which secret end dates are in the future. */
export function setupOptions({ options, help }: CommandLine<typeof SETUP_OPTIONS>, now: Date): SetupOptions {
    const displayName = options["display-name"] ?? DEFAULT_DISPLAY_NAME;
    const nameProblem = displayNameProblem(displayName);
    if (nameProblem) throw new UsageError(nameProblem);

    const appId = options["app-id"];
    if (appId !== undefined && !GUID.test(appId)) {
        throw new UsageError(
            `--app-id must be an application (client) ID, a GUID such as 00000000-0000-0000-0000-000000000000, not ${JSON.stringify(appId)}.`,
        );
    }
    if (appId !== undefined && options["display-name"] !== undefined) {
        throw new UsageError(
            "Give either --app-id or --display-name, not both: --app-id picks the app registration itself.",
        );
    }

    const audienceValue = options.audience;
    if (audienceValue !== "multi" && audienceValue !== "single") {
        throw new UsageError(`--audience must be "multi" or "single", not ${JSON.stringify(audienceValue)}.`);
    }

    const redirectUris: string[] = [];
    for (const uri of options["redirect-uri"]) {
        const problem = redirectUriProblem(uri);
        if (problem) throw new UsageError(problem);
        if (!redirectUris.includes(uri)) redirectUris.push(uri);
    }

    const years = options["secret-years"];
    const endDate = options["secret-end-date"];
    if (years !== undefined && endDate !== undefined)
        throw new UsageError("Give either --secret-years or --secret-end-date, not both.");
    const secretExpiry: SecretExpiry =
        endDate !== undefined
            ? { endDate: parseEndDate(endDate, now) }
            : { years: years === undefined ? 1 : parseYears(years) };

    return {
        displayName,
        appId: appId?.toLowerCase(),
        audience: audienceValue,
        redirectUris,
        secretExpiry,
        newSecret: options["new-secret"],
        skipConsent: options["skip-consent"],
        dryRun: options["dry-run"],
        help,
    };
}

/** Reads the command line (without node and the script) and checks it, as setupOptions does. */
export function parseOptions(argv: readonly string[], now: Date): SetupOptions {
    return setupOptions(parseCommandLine(argv, SETUP_OPTIONS), now);
}
