import { resolve } from "node:path";
import { command, CommandLine, EXIT, LongRunningContext, runAsProcess, UsageError } from "../../common/cli";
import { DEFAULT_PATHS } from "../../build/solution/paths";
import { TOKEN_ENVIRONMENT_VARIABLE } from "../connectorRunner/main";
import { RunningEmulator, startEmulator } from "../databricksEmulator/server";
import { EnvironmentFileError, EnvironmentValues, readEnvironmentFile } from "./environment";
import { PackError } from "../../build/solution/errors";
import { isInvokedFlow, isPowerPagesFlow, loadSolutionFlows, requestTrigger } from "./hostedFlows";
import type { WorkspaceConnection } from "./connectorCalls";
import { generatedLogicApp, LOCAL_TENANT_ID } from "./logicApps";
import { AUTHENTICATED_USERS, FlowHostOptions, RunningFlowHost, startFlowHost, Visitor } from "./site";
import { entraIssuer, mintUnsignedToken } from "./testTokens";

/**
 * npm run flow-host -- [--port N] [--workspace-host HOST] [--env-file FILE] [--env NAME=VALUE]...
 *                      [--roles "Role A,Role B"] [--anonymous] [--registered-roles "Role A"] [--solution DIR]
 *                      [--logic-app [--portal-audience AUD] [--allowed-job-ids "1,2"]]
 *
 * Runs the solution's flows behind a local Power Pages site on 127.0.0.1, with a Databricks
 * workspace emulator on loopback unless --workspace-host names a workspace. Prints one JSON line
 * (the site's URL, the emulator's, the Power Pages flows and their trigger paths, the Http and
 * PowerAppV2 flows and their invoke paths) and runs until Ctrl+C or SIGTERM.
 */

/** An audience for local runs: clearly not a real application. */
const LOCAL_PORTAL_AUDIENCE = "api://databricks-job-portal.local";

const USAGE =
    'Usage: npm run flow-host -- [--port N] [--workspace-host HOST] [--env-file FILE] [--env NAME=VALUE]... [--roles "Role A,Role B"] [--anonymous] [--registered-roles "Role A,…"] [--solution DIR] [--logic-app [--portal-audience AUD] [--allowed-job-ids "1,2"]]';

const HELP = `${USAGE}

  --port              the site's port on 127.0.0.1 (default 0: a free one)
  --workspace-host    the flows' workspace (adb-1234567890123456.7.azuredatabricks.net), token from $${TOKEN_ENVIRONMENT_VARIABLE};
                      without it, a Databricks workspace emulator starts on loopback
  --env-file          a JSON file of environment variable values by schema name, e.g. {"dbxjt_PortalAllowedJobIds": "[\\"684213907551001\\"]"}
  --env               one environment variable value, NAME=VALUE (over the file's)
  --roles             the visitor's web roles besides ${AUTHENTICATED_USERS}, comma-separated
  --anonymous         the visitor is not signed in
  --registered-roles  the web roles every PowerPages flow is registered for (default ${AUTHENTICATED_USERS})
  --solution          the solution source (default ${DEFAULT_PATHS.source})
  --logic-app         also host the generated Logic App (logicapp/bin/azuredeploy.json's workflow, generated
                      in memory) at its invoke URL, behind its Entra ID policy; prints an unsigned test token
  --portal-audience   the aud claim the Logic App's policy requires (default ${LOCAL_PORTAL_AUDIENCE})
  --allowed-job-ids   the Logic App's allowedJobIds, comma-separated (default: none)`;

const OPTIONS = {
    port: { type: "string", default: "0" },
    "workspace-host": { type: "string" },
    "env-file": { type: "string" },
    env: { type: "string", multiple: true },
    roles: { type: "string" },
    anonymous: { type: "boolean" },
    "registered-roles": { type: "string", default: AUTHENTICATED_USERS },
    solution: { type: "string", default: DEFAULT_PATHS.source },
    "logic-app": { type: "boolean" },
    "portal-audience": { type: "string", default: LOCAL_PORTAL_AUDIENCE },
    "allowed-job-ids": { type: "string", default: "" },
} as const;

export const roleList = (text: string): string[] =>
    text
        .split(",")
        .map((role) => role.trim())
        .filter((role) => role !== "");

function environmentOf(options: CommandLine<typeof OPTIONS>["options"], rootDir: string): EnvironmentValues {
    const values = options["env-file"] === undefined ? {} : readEnvironmentFile(resolve(rootDir, options["env-file"]));
    for (const assignment of options.env) {
        const equals = assignment.indexOf("=");
        if (equals <= 0) throw new UsageError(`--env ${assignment}: write NAME=VALUE.`);
        values[assignment.slice(0, equals)] = assignment.slice(equals + 1);
    }
    return values;
}

export function portOf(text: string): number {
    const port = Number(text);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError("--port must be a port number (0 picks a free one)");
    return port;
}

/** The generated Logic App that --logic-app hosts, with the claims its policy requires. */
function localLogicAppOf(options: { "portal-audience": string; "allowed-job-ids": string }) {
    const audience = options["portal-audience"].trim();
    if (audience === "") throw new UsageError("--portal-audience must not be empty.");
    const allowedJobIds = roleList(options["allowed-job-ids"]);
    const badId = allowedJobIds.find((id) => !/^\d{1,19}$/.test(id));
    if (badId !== undefined) throw new UsageError(`--allowed-job-ids: "${badId}" is not a job id (1 to 19 digits).`);
    const issuer = entraIssuer(LOCAL_TENANT_ID);
    return { logicApp: generatedLogicApp({ portalAudience: audience, allowedJobIds }), audience, issuer };
}

/** The visitor that --anonymous and --roles describe. */
export function visitorOf(options: { anonymous: boolean; roles: string | undefined }): Visitor {
    if (options.anonymous && options.roles !== undefined)
        throw new UsageError("--roles is for a signed-in visitor; leave it out with --anonymous.");
    return { signedIn: !options.anonymous, webRoles: roleList(options.roles ?? "") };
}

/**
 * Starts the site, with an emulator on loopback unless `workspace` is given, prints the line
 * `announce` makes once both listen, and stops both at Ctrl+C or SIGTERM.
 */
export async function serveUntilStopped(
    siteOptions: Omit<FlowHostOptions, "connection" | "onRunError">,
    workspace: WorkspaceConnection | undefined,
    context: LongRunningContext,
    announce: (host: RunningFlowHost, emulator: RunningEmulator | undefined) => string,
): Promise<number> {
    let connection = workspace;
    let emulator: RunningEmulator | undefined;
    if (connection === undefined) {
        emulator = await startEmulator();
        connection = { host: emulator.baseUrl, token: emulator.token() };
    }
    const host = await startFlowHost({
        ...siteOptions,
        connection,
        onRunError: (flow, error) => context.stderr(`The flow "${flow.name}" failed: ${(error as Error).message}\n`),
    }).catch(async (error: unknown) => {
        await emulator?.close();
        throw error;
    });
    // Armed before the line that tells a caller the host is ready: a SIGTERM sent right after it still closes.
    const stopped = context.untilStopped();
    context.stdout(`${announce(host, emulator)}\n`);
    context.stderr(`Local Power Pages site on ${host.baseUrl}; Ctrl+C stops it.\n`);
    await stopped;
    await host.close();
    await emulator?.close();
    return EXIT.ok;
}

export const main = command({
    name: "flow-host",
    usage: USAGE,
    help: HELP,
    options: OPTIONS,
    failures: [EnvironmentFileError, PackError],
    failurePrefix: "flow-host: ",
    async run({ options }, context: LongRunningContext) {
        const port = portOf(options.port);
        const visitor = visitorOf(options);
        const workspaceHost = options["workspace-host"];
        const token = context.env[TOKEN_ENVIRONMENT_VARIABLE] ?? "";
        if (workspaceHost !== undefined && token.trim() === "")
            throw new UsageError(`--workspace-host needs a token in $${TOKEN_ENVIRONMENT_VARIABLE}.`);
        const environment = environmentOf(options, context.rootDir);
        const flows = loadSolutionFlows(resolve(context.rootDir, options.solution));
        const registeredRoles = roleList(options["registered-roles"]);
        const registered = flows.filter(isPowerPagesFlow);
        const logicApps = options["logic-app"] ? [localLogicAppOf(options)] : [];

        return serveUntilStopped(
            {
                flows,
                environment,
                registrations: Object.fromEntries(registered.map((flow) => [flow.id, registeredRoles])),
                visitor,
                port,
                logicApps: logicApps.map((app) => app.logicApp),
            },
            workspaceHost === undefined ? undefined : { host: workspaceHost, token },
            context,
            (host, emulator) =>
                JSON.stringify({
                    baseUrl: host.baseUrl,
                    emulator: emulator?.baseUrl,
                    flows: registered.map((flow) => ({
                        id: flow.id,
                        name: flow.name,
                        triggerPath: host.triggerPath(flow.id),
                        webRoles: registeredRoles,
                    })),
                    invokedFlows: flows.filter(isInvokedFlow).map((flow) => ({
                        id: flow.id,
                        name: flow.name,
                        kind: requestTrigger(flow)?.kind,
                        invokePath: host.invokePath(flow.id),
                    })),
                    logicApps: logicApps.map(({ logicApp, audience, issuer }) => ({
                        name: logicApp.name,
                        invokePath: host.invokePath(logicApp.name),
                        requires: { iss: issuer, aud: audience },
                        testToken: mintUnsignedToken({ iss: issuer, aud: audience, name: "Local test user" }),
                    })),
                }),
        );
    },
});

if (require.main === module) runAsProcess(main);
