import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/**
 * A stand-in for the Azure CLI: an executable `az` (a Node script) in a temporary directory that
 * records each argument array it gets (one JSON line each) and answers like the real CLI from a
 * state file: Microsoft Graph's JSON shapes on stdout, "ERROR: …" on stderr, the CLI's exit codes.
 * The answers follow azure-cli's role module (custom.py): `permission add` appends without looking,
 * `app update --web-redirect-uris` replaces the list, `credential reset` without --append deletes
 * the other secrets, `permission grant` replaces the client's grants for the resource.
 * All IDs and secrets it makes up are placeholders, not real ones.
 */

export const FAKE_TENANT_ID = "00000000-0000-4000-8000-00000000aaaa";
export const AZURE_DATABRICKS_SP_ID = "00000000-0000-4000-8000-00000000adb0";

export interface FakeApp {
    id: string;
    appId: string;
    displayName: string;
    signInAudience: string;
    web: { redirectUris: string[] };
    requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
    passwordCredentials: Array<{ keyId: string; displayName: string | null; endDateTime: string; hint: string }>;
}

export interface FakeState {
    signedIn: boolean;
    tenantId: string;
    user: string;
    /** Whether the caller may grant tenant-wide consent (`permission grant`). */
    consentAllowed: boolean;
    apps: FakeApp[];
    servicePrincipals: Array<{ id: string; appId: string }>;
    grants: Array<{
        id: string;
        clientId: string;
        consentType: string;
        principalId: string | null;
        resourceId: string;
        scope: string;
    }>;
    counter: number;
    /** Fail a command (its words, e.g. "ad sp create") with this exit code and stderr, `times` times (always when absent). */
    failures: Record<string, { code: number; stderr: string; times?: number }>;
    /** Resource groups that exist, by name (`group show`, `deployment group …`). */
    resourceGroups?: Record<string, { location: string }>;
    /** ARM deployments by name, as `deployment group create` recorded them. */
    deployments?: Record<string, FakeDeployment>;
    /** Azure resources by ID (`resource show --ids`, `rest` on a workflow's listCallbackUrl). */
    resources?: Record<string, { type: string; properties: Record<string, unknown> }>;
}

export interface FakeDeployment {
    resourceGroup: string;
    provisioningState: string;
    templateFile: string;
    /** The parameters file's `parameters`, as the command received them. */
    parameters: Record<string, { value?: unknown; reference?: unknown }>;
    /** The parameters file's permission bits when the command read it, e.g. "600". */
    parametersFileMode: string;
    outputs: Record<string, { type: string; value: string }>;
}

export const FAKE_SUBSCRIPTION_ID = "00000000-0000-4000-8000-0000000005b5";

export function emptyTenant(): FakeState {
    return {
        signedIn: true,
        tenantId: FAKE_TENANT_ID,
        user: "admin@contoso.example",
        consentAllowed: true,
        apps: [],
        servicePrincipals: [{ id: AZURE_DATABRICKS_SP_ID, appId: "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d" }],
        grants: [],
        counter: 0,
        failures: {},
    };
}

const SCRIPT = String.raw`#!/usr/bin/env node
"use strict";
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_AZ_LOG, JSON.stringify(args) + "\n");
const statePath = process.env.FAKE_AZ_STATE;
const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
const save = () => fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
const words = [];
let i = 0;
for (; i < args.length && !args[i].startsWith("--"); i++) words.push(args[i]);
const opts = {};
let current;
for (; i < args.length; i++) {
    if (args[i].startsWith("--")) { current = args[i]; opts[current] = []; } else opts[current].push(args[i]);
}
const one = (name) => (opts[name] || [])[0];
const command = words.join(" ");
const out = (value) => { if (value !== undefined) process.stdout.write(JSON.stringify(value, null, 2) + "\n"); process.exit(0); };
const fail = (code, message) => { process.stderr.write(message.endsWith("\n") ? message : message + "\n"); process.exit(code); };
const newId = () => { state.counter += 1; return "00000000-0000-4000-8000-" + String(state.counter).padStart(12, "0"); };
const notFound = (id) => fail(3, "ERROR: Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
const findApp = (id) => state.apps.find((app) => app.appId === id || app.id === id);
const findSp = (appId) => state.servicePrincipals.find((sp) => sp.appId === appId || sp.id === appId);
const eqFilter = (field) => {
    const match = new RegExp("^" + field + " eq '((?:[^']|'')*)'$").exec(one("--filter") || "");
    return match ? match[1].replace(/''/g, "'") : undefined;
};

const SUBSCRIPTION = "00000000-0000-4000-8000-0000000005b5";
function query(value) {
    const path = one("--query");
    return path ? path.split(".").reduce((found, key) => (found == null ? null : found[key]), value) : value;
}
/** As Resource Manager deploys the Logic Apps twin's template: its three resources, named by the parameters. */
function deploy() {
    const group = one("--resource-group");
    if (!(state.resourceGroups || {})[group]) fail(3, "ERROR: (ResourceGroupNotFound) Resource group '" + group + "' could not be found.");
    const templateFile = one("--template-file");
    if (!fs.existsSync(templateFile)) fail(1, "ERROR: [Errno 2] No such file or directory: '" + templateFile + "'");
    const template = JSON.parse(fs.readFileSync(templateFile, "utf8"));
    const parametersArg = one("--parameters") || "";
    if (!parametersArg.startsWith("@")) fail(2, "ERROR: the stand-in takes only --parameters @<file>");
    const file = parametersArg.slice(1);
    const parameters = JSON.parse(fs.readFileSync(file, "utf8")).parameters;
    for (const name of Object.keys(parameters)) {
        if (!(name in template.parameters)) fail(1, "ERROR: {\"code\": \"InvalidTemplate\", \"message\": \"Deployment template validation failed: 'The template parameters '" + name + "' in the parameters file are not valid; they are not present in the original template'.\"}");
    }
    const value = (name) => (parameters[name] ? parameters[name].value : (template.parameters[name] || {}).defaultValue);
    const location = state.resourceGroups[group].location;
    const id = (type, name) => "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group + "/providers/" + type + "/" + name;
    const connectionId = id("Microsoft.Web/connections", value("connectionName"));
    const workflowId = id("Microsoft.Logic/workflows", value("workflowName"));
    state.resources = state.resources || {};
    const existing = state.resources[connectionId];
    state.resources[id("Microsoft.Web/customApis", value("customApiName"))] = { type: "Microsoft.Web/customApis", properties: { location } };
    state.resources[connectionId] = existing || { type: "Microsoft.Web/connections", properties: { location, statuses: [{ status: "Error", target: "token", error: { code: "Unauthenticated", message: "This connection is not authenticated." } }] } };
    state.resources[workflowId] = { type: "Microsoft.Logic/workflows", properties: { location } };
    const outputs = {
        redirectUrl: { type: "String", value: "https://logic-apis-" + location + ".consent.azure-apim.net/redirect" },
        connectionId: { type: "String", value: connectionId },
        workflowId: { type: "String", value: workflowId },
    };
    state.deployments = state.deployments || {};
    state.deployments[one("--name")] = { resourceGroup: group, provisioningState: "Succeeded", templateFile, parameters, parametersFileMode: (fs.statSync(file).mode & 0o777).toString(8), outputs };
    save();
    out(query({ properties: { provisioningState: "Succeeded", outputs } }));
}

const failure = state.failures[command];
if (failure && (failure.times === undefined || failure.times > 0)) {
    if (failure.times !== undefined) { failure.times -= 1; save(); }
    fail(failure.code, failure.stderr);
}
if (opts["--output"] && one("--output") !== "json") fail(2, "ERROR: the stand-in answers only --output json");

switch (command) {
    case "account show":
        if (!state.signedIn) fail(1, "ERROR: Please run 'az login' to setup account.");
        out({ environmentName: "AzureCloud", homeTenantId: state.tenantId, id: "00000000-0000-4000-8000-0000000005b5", isDefault: true, managedByTenants: [], name: "Placeholder subscription", state: "Enabled", tenantId: state.tenantId, user: { name: state.user, type: "user" } });
        break;
    case "ad app list": {
        const name = eqFilter("displayName");
        const appId = eqFilter("appId");
        if (name === undefined && appId === undefined) fail(2, "ERROR: the stand-in needs --filter \"displayName eq '…'\" or \"appId eq '…'\"");
        out(state.apps.filter((app) => (name !== undefined ? app.displayName.toLowerCase() === name.toLowerCase() : app.appId === appId)));
        break;
    }
    case "ad app create": {
        const displayName = one("--display-name");
        let app = state.apps.find((candidate) => candidate.displayName === displayName);
        if (app) process.stderr.write("WARNING: Found an existing application instance: (id) " + app.id + ". We will patch it.\n");
        else {
            app = { id: newId(), appId: newId(), displayName, signInAudience: "AzureADMyOrg", web: { redirectUris: [] }, requiredResourceAccess: [], passwordCredentials: [] };
            state.apps.push(app);
        }
        if (opts["--sign-in-audience"]) app.signInAudience = one("--sign-in-audience");
        if (opts["--web-redirect-uris"]) app.web.redirectUris = opts["--web-redirect-uris"];
        save();
        out(app);
        break;
    }
    case "ad app update": {
        const app = findApp(one("--id"));
        if (!app) notFound(one("--id"));
        if (opts["--web-redirect-uris"]) app.web.redirectUris = opts["--web-redirect-uris"];
        if (opts["--sign-in-audience"]) app.signInAudience = one("--sign-in-audience");
        save();
        out(undefined);
        break;
    }
    case "ad app permission add": {
        const app = findApp(one("--id"));
        if (!app) notFound(one("--id"));
        const access = opts["--api-permissions"].map((entry) => { const [id, type] = entry.split("="); return { id, type }; });
        const existing = app.requiredResourceAccess.find((required) => required.resourceAppId === one("--api"));
        if (existing) existing.resourceAccess.push(...access);
        else app.requiredResourceAccess.push({ resourceAppId: one("--api"), resourceAccess: access });
        save();
        process.stderr.write("WARNING: Invoking \"az ad app permission grant --id " + one("--id") + " --api " + one("--api") + "\" is needed to make the change effective\n");
        out(undefined);
        break;
    }
    case "ad sp list": {
        const appId = eqFilter("appId");
        if (appId === undefined) fail(2, "ERROR: the stand-in needs --filter \"appId eq '…'\"");
        out(state.servicePrincipals.filter((sp) => sp.appId === appId));
        break;
    }
    case "ad sp create": {
        const appId = one("--id");
        if (!findApp(appId)) fail(1, "ERROR: When using this permission, the backing application of the service principal being created must in the local tenant");
        if (findSp(appId)) fail(1, "ERROR: The service principal cannot be created, updated, or restored because the service principal name " + appId + " is already in use.");
        const sp = { id: newId(), appId };
        state.servicePrincipals.push(sp);
        save();
        out({ ...sp, accountEnabled: true, servicePrincipalNames: [appId] });
        break;
    }
    case "ad app credential reset": {
        const app = findApp(one("--id"));
        if (!app) notFound(one("--id"));
        if (opts["--years"] && opts["--end-date"]) fail(1, "ERROR: usage error: --years | --end-date");
        if (!opts["--append"]) app.passwordCredentials = [];
        const now = new Date(process.env.FAKE_AZ_NOW || Date.now());
        let end;
        if (opts["--end-date"]) end = new Date(one("--end-date") + "T00:00:00Z");
        else { end = new Date(now.getTime()); end.setUTCFullYear(end.getUTCFullYear() + Number(one("--years") || 1)); }
        state.counter += 1;
        const password = "fake-secret-" + state.counter + "-not-a-real-one";
        app.passwordCredentials.unshift({ keyId: newId(), displayName: one("--display-name") || null, endDateTime: end.toISOString().replace(/\.\d{3}Z$/, "Z"), hint: password.slice(0, 3) });
        save();
        process.stderr.write("WARNING: The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli\n");
        out({ appId: app.appId, password, tenant: state.tenantId });
        break;
    }
    case "ad app permission list-grants": {
        const sp = findSp(one("--id"));
        out(state.grants.filter((grant) => sp && grant.clientId === sp.id));
        break;
    }
    case "ad app permission grant": {
        const client = findSp(one("--id"));
        const resource = findSp(one("--api"));
        if (!client) fail(3, "ERROR: Service principal '" + one("--id") + "' doesn't exist");
        if (!resource) fail(3, "ERROR: Service principal '" + one("--api") + "' doesn't exist");
        if (!state.consentAllowed) fail(1, "ERROR: Insufficient privileges to complete the operation.");
        state.grants = state.grants.filter((grant) => !(grant.clientId === client.id && grant.resourceId === resource.id));
        const grant = { id: newId(), clientId: client.id, consentType: one("--consent-type") || "AllPrincipals", principalId: null, resourceId: resource.id, scope: (opts["--scope"] || []).join(" ") };
        state.grants.push(grant);
        save();
        out(grant);
        break;
    }
    case "group show": {
        const group = (state.resourceGroups || {})[one("--name")];
        if (!group) fail(3, "ERROR: (ResourceGroupNotFound) Resource group '" + one("--name") + "' could not be found.\nCode: ResourceGroupNotFound");
        out({ id: "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + one("--name"), location: group.location, name: one("--name"), properties: { provisioningState: "Succeeded" } });
        break;
    }
    case "deployment group show": {
        const deployment = (state.deployments || {})[one("--name")];
        if (!deployment || deployment.resourceGroup !== one("--resource-group")) fail(3, "ERROR: (DeploymentNotFound) Deployment '" + one("--name") + "' could not be found.\nCode: DeploymentNotFound");
        out(query({ name: one("--name"), properties: { provisioningState: deployment.provisioningState, outputs: deployment.outputs } }));
        break;
    }
    case "deployment group create":
        deploy();
        break;
    case "resource show": {
        const resource = (state.resources || {})[one("--ids")];
        if (!resource) fail(3, "ERROR: (ResourceNotFound) The Resource '" + one("--ids") + "' was not found.\nCode: ResourceNotFound");
        out({ id: one("--ids"), type: resource.type, properties: resource.properties });
        break;
    }
    case "rest": {
        const match = /^(\/subscriptions\/.+\/providers\/Microsoft\.Logic\/workflows\/[^/]+)\/triggers\/manual\/listCallbackUrl\?api-version=[\d-]+$/.exec(one("--url") || "");
        if (!match || (one("--method") || "").toLowerCase() !== "post") fail(2, "ERROR: the stand-in answers only POST <workflow id>/triggers/manual/listCallbackUrl");
        const workflow = (state.resources || {})[match[1]];
        if (!workflow) fail(1, "ERROR: Not Found({\"error\":{\"code\":\"ResourceNotFound\"}})");
        const base = "https://prod-00." + workflow.properties.location + ".logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke";
        out({ value: base + "?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=fake-signature-not-a-real-one", method: "POST", basePath: base, queries: { "api-version": "2016-10-01", sp: "/triggers/manual/run", sv: "1.0", sig: "fake-signature-not-a-real-one" } });
        break;
    }
    default:
        fail(2, "ERROR: '" + command + "' is misspelled or not recognized by the system.");
}
`;

export interface FakeAz {
    /** The temporary directory holding `bin/az`, the state and the log. */
    dir: string;
    binDir: string;
    /** PATH with the stand-in first and Node's own directory (for its `#!/usr/bin/env node`). */
    path: string;
    env: NodeJS.ProcessEnv;
    /** The argument arrays `az` was called with, in order. */
    calls(): string[][];
    state(): FakeState;
    setState(state: FakeState): void;
    cleanup(): void;
}

export function createFakeAz(initial: FakeState = emptyTenant(), now?: Date): FakeAz {
    const dir = mkdtempSync(join(tmpdir(), "fake-az-"));
    const binDir = join(dir, "bin");
    const statePath = join(dir, "state.json");
    const logPath = join(dir, "calls.jsonl");
    mkdirSync(binDir);
    writeFileSync(join(binDir, "az"), SCRIPT);
    chmodSync(join(binDir, "az"), 0o755);
    writeFileSync(statePath, JSON.stringify(initial, null, 2));
    const path = [binDir, dirname(process.execPath)].join(delimiter);
    return {
        dir,
        binDir,
        path,
        env: {
            PATH: path,
            FAKE_AZ_STATE: statePath,
            FAKE_AZ_LOG: logPath,
            ...(now ? { FAKE_AZ_NOW: now.toISOString() } : {}),
        },
        calls: () =>
            existsSync(logPath)
                ? readFileSync(logPath, "utf8")
                      .split("\n")
                      .filter((line) => line !== "")
                      .map((line) => JSON.parse(line) as string[])
                : [],
        state: () => JSON.parse(readFileSync(statePath, "utf8")) as FakeState,
        setState: (state) => writeFileSync(statePath, JSON.stringify(state, null, 2)),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
}
