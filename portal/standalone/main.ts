/**
 * The standalone page: signs the visitor in with Entra ID (MSAL, redirect), then hosts
 * <databricks-job-run transport="logic-app"> with a token for the Logic App's audience. Its
 * settings are in config.json beside index.html (see config.example.json).
 */
import { PublicClientApplication, type AccountInfo } from "@azure/msal-browser";
import stringTables from "portal-string-tables";
import { defineDatabricksJobRun, type DatabricksJobRun } from "../src/databricksJobRun";
import { ELEMENT_NAME } from "../src/elementContract";
import { registerStringTables } from "../src/portalStrings";
import { CONFIG_FILE, ConfigError, readStandaloneConfig, type StandaloneConfig } from "./config";
import { accessTokenHook } from "./tokenHook";

const part = (id: string) => document.getElementById(id) as HTMLElement;

function showProblem(message: string): void {
    const box = part("page-problem");
    box.textContent = message;
    box.hidden = false;
}

async function loadConfig(): Promise<StandaloneConfig> {
    const url = new URL(CONFIG_FILE, document.baseURI);
    let response: Response;
    try {
        response = await fetch(url, { cache: "no-store" });
    } catch (error) {
        throw new ConfigError(`${url.href} could not be read: ${(error as Error).message}`);
    }
    if (!response.ok)
        throw new ConfigError(
            `${url.href} answered HTTP ${response.status}: put ${CONFIG_FILE} (a copy of config.example.json with your values) beside index.html.`,
        );
    return readStandaloneConfig(await response.text());
}

/** The page's own address without query or fragment: the SPA redirect URI to register. */
const pageAddress = () => `${location.origin}${location.pathname}`;

function button(label: string, onClick: () => void): HTMLButtonElement {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-default btn-outline-secondary";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
}

function showAccount(client: PublicClientApplication, config: StandaloneConfig, account: AccountInfo | null): void {
    const area = part("account");
    if (!account) {
        const signIn = button("Sign in", () => void client.loginRedirect({ scopes: [config.scope] }));
        signIn.className = "btn btn-primary";
        area.replaceChildren(signIn);
        part("job").textContent = "Sign in with your work account to run the job.";
        return;
    }
    const name = document.createElement("span");
    name.textContent = account.name ? `${account.name} (${account.username})` : account.username;
    area.replaceChildren(
        name,
        button("Sign out", () => void client.logoutRedirect({ account, postLogoutRedirectUri: pageAddress() })),
    );
}

function hostJob(client: PublicClientApplication, config: StandaloneConfig, account: AccountInfo): void {
    const job = document.createElement(ELEMENT_NAME) as DatabricksJobRun;
    // The hook first: the element asks for a token as soon as it is on the page.
    job.getAccessToken = accessTokenHook(client, account, config.scope, config.endpoint);
    job.setAttribute("transport", "logic-app");
    job.setAttribute("endpoint", config.endpoint);
    job.setAttribute("job-id", config.jobId);
    if (config.parameters) job.setAttribute("parameters", JSON.stringify(config.parameters));
    if (config.buttonText) job.setAttribute("button-text", config.buttonText);
    part("job").replaceChildren(job);
}

async function start(): Promise<void> {
    registerStringTables(stringTables);
    defineDatabricksJobRun();
    const config = await loadConfig();
    document.title = config.title;
    part("title").textContent = config.title;
    const client = new PublicClientApplication({
        auth: {
            clientId: config.clientId,
            authority: `${config.authorityHost}/${config.tenantId}`,
            redirectUri: pageAddress(),
        },
        cache: { cacheLocation: "sessionStorage" },
    });
    await client.initialize();
    const signedIn = await client.handleRedirectPromise();
    const account = signedIn?.account ?? client.getActiveAccount() ?? client.getAllAccounts()[0] ?? null;
    if (account) client.setActiveAccount(account);
    showAccount(client, config, account);
    if (account) hostJob(client, config, account);
}

start().catch((error: unknown) => showProblem(error instanceof Error ? error.message : String(error)));
