/**
 * The standalone page's settings, read from the config.json beside it. Every problem names the
 * setting and says what it must be, since the person who reads it is the one deploying the page.
 */
import { checkEndpoint } from "../src/logicAppTransport";

export const CONFIG_FILE = "config.json";

export interface StandaloneConfig {
    /** The Entra ID tenant: its ID (a GUID) or a verified domain such as contoso.onmicrosoft.com. */
    tenantId: string;
    /** The page's app registration (a single-page application): its application (client) ID. */
    clientId: string;
    /** The scope the page asks a token for; the token's audience is what the Logic App's trigger policy checks. */
    scope: string;
    /** The Logic App's trigger URL, without a SAS signature. */
    endpoint: string;
    jobId: string;
    /** Optional prefill of the job's parameters. */
    parameters?: Record<string, string>;
    /** The page's heading. */
    title: string;
    buttonText?: string;
    /** The sign-in host: https://login.microsoftonline.com unless the tenant is in a national cloud. */
    authorityHost: string;
}

export class ConfigError extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;
const PLACEHOLDER = /^<.*>$/;

function text(settings: Record<string, unknown>, name: string, what: string, required = true): string | undefined {
    const value = settings[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string" || value.trim() === "")
        throw new ConfigError(`${CONFIG_FILE}: "${name}" must be ${what}; it is ${JSON.stringify(value)}.`);
    if (PLACEHOLDER.test(value.trim()))
        throw new ConfigError(`${CONFIG_FILE}: "${name}" is still the placeholder ${value}: set it to ${what}.`);
    return value.trim();
}

function checked(name: string, value: string, valid: boolean, what: string): string {
    if (!valid) throw new ConfigError(`${CONFIG_FILE}: "${name}" must be ${what}; it is "${value}".`);
    return value;
}

function parametersOf(value: unknown): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new ConfigError(
            `${CONFIG_FILE}: "parameters" must be an object of job parameter values, such as {"region": "emea"}.`,
        );
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, String(item)]));
}

/** The settings from config.json's text, checked; a ConfigError names the first wrong one. */
export function readStandaloneConfig(json: string): StandaloneConfig {
    let settings: unknown;
    try {
        settings = JSON.parse(json);
    } catch (error) {
        throw new ConfigError(`${CONFIG_FILE} is not JSON: ${(error as Error).message}`);
    }
    if (typeof settings !== "object" || settings === null || Array.isArray(settings))
        throw new ConfigError(`${CONFIG_FILE} must be a JSON object of settings, as in config.example.json.`);
    const all = settings as Record<string, unknown>;
    const tenant = "the tenant's ID (a GUID) or its domain, such as contoso.onmicrosoft.com";
    const clientId = "the application (client) ID of the page's app registration, a GUID";
    const endpoint = "the Logic App trigger's https URL, without its SAS signature";
    const tenantId = text(all, "tenantId", tenant) as string;
    const client = text(all, "clientId", clientId) as string;
    const url = text(all, "endpoint", endpoint) as string;
    const jobId = text(all, "jobId", "the Databricks job's ID, 1 to 19 digits") as string;
    const authorityHost = text(all, "authorityHost", "an https URL", false) ?? "https://login.microsoftonline.com";
    return {
        tenantId: checked("tenantId", tenantId, GUID.test(tenantId) || DOMAIN.test(tenantId), tenant),
        clientId: checked("clientId", client, GUID.test(client), clientId),
        scope: text(all, "scope", "the scope to ask a token for, such as api://<app id>/user_impersonation") as string,
        endpoint: checked("endpoint", url, checkEndpoint(url) !== undefined, endpoint),
        jobId: checked("jobId", jobId, /^\d{1,19}$/.test(jobId), "the Databricks job's ID, 1 to 19 digits"),
        parameters: parametersOf(all.parameters),
        title: text(all, "title", "the page's heading", false) ?? "Run a Databricks job",
        buttonText: text(all, "buttonText", "the run button's label", false),
        authorityHost: checked(
            "authorityHost",
            authorityHost.replace(/\/+$/, ""),
            /^https:\/\/[^/]+$/.test(authorityHost.replace(/\/+$/, "")),
            "the sign-in host's https URL, such as https://login.microsoftonline.com",
        ),
    };
}
