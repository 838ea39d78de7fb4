import { command, LongRunningContext, runAsProcess, UsageError } from "../../common/cli";
import { repoPath } from "../../common/repoPaths";
import { PackError } from "../../build/solution/errors";
import { SEED_JOBS } from "../databricksEmulator/seed";
import { loadSolutionFlows } from "../flowHost/hostedFlows";
import { portOf, roleList, serveUntilStopped, visitorOf } from "../flowHost/main";
import { BootstrapVersion, demoSitePages, PORTAL_FLOW_ID } from "./demoPage";

/**
 * npm run portal:demo -- [--port N] [--bootstrap 3|5] [--anonymous] [--roles "Role A,Role B"]
 *
 * The portal path on one machine: a Databricks workspace emulator, the solution's flows behind a
 * local Power Pages site, and a page with `<databricks-job-run>` on the site's origin. Prints the
 * page's URL once everything listens, and runs until Ctrl+C or SIGTERM.
 */

/** The web role the demo registers the portal flow for; the visitor has it unless --roles says otherwise. */
export const DEMO_WEB_ROLE = "Job runners";

/** Every seeded job but this one is on the allow-list: the page shows how the flow refuses it. */
const NOT_ALLOWED = SEED_JOBS.warehouseVacuum;
export const DEMO_ALLOWED_JOB_IDS = Object.values(SEED_JOBS)
    .map((job) => job.job_id)
    .filter((jobId) => jobId !== NOT_ALLOWED.job_id);

const USAGE = 'Usage: npm run portal:demo -- [--port N] [--bootstrap 3|5] [--anonymous] [--roles "Role A,Role B"]';

const HELP = `${USAGE}

Starts a Databricks workspace emulator, the solution's flows behind a local Power Pages site, and a
page with the <databricks-job-run> component, all on 127.0.0.1; prints the page's URL.
The portal flow is registered for the web role "${DEMO_WEB_ROLE}"; its allow-list
(dbxjt_PortalAllowedJobIds) names every seeded job but "${NOT_ALLOWED.name}" (${NOT_ALLOWED.job_id}).
The component's script comes from npm run build (portal/bin/databricks-job-run.js).

  --port       the site's port (default 0: a free one)
  --bootstrap  the page's Bootstrap: 5 (default, 5.3.8) or 3 (3.3.6)
  --anonymous  the visitor is not signed in
  --roles      the visitor's web roles besides Authenticated Users, comma-separated (default "${DEMO_WEB_ROLE}";
               any other list shows what a visitor without the flow's web role gets)`;

const OPTIONS = {
    port: { type: "string", default: "0" },
    bootstrap: { type: "string", default: "5" },
    anonymous: { type: "boolean" },
    roles: { type: "string" },
} as const;

function bootstrapOf(text: string): BootstrapVersion {
    if (text === "5" || text === "3") return Number(text) as BootstrapVersion;
    throw new UsageError(`--bootstrap ${text}: write 5 (Bootstrap 5.3.8) or 3 (Bootstrap 3.3.6).`);
}

export const main = command({
    name: "portal:demo",
    usage: USAGE,
    help: HELP,
    options: OPTIONS,
    failures: [PackError],
    failurePrefix: "portal:demo: ",
    run({ options }, context: LongRunningContext) {
        const port = portOf(options.port);
        const bootstrap = bootstrapOf(options.bootstrap);
        const roles = options.anonymous ? options.roles : (options.roles ?? DEMO_WEB_ROLE);
        const visitor = visitorOf({ anonymous: options.anonymous, roles });
        const pages = demoSitePages(bootstrap, {
            allowed: { jobId: SEED_JOBS.nightlySalesLoad.job_id, name: SEED_JOBS.nightlySalesLoad.name },
            notAllowed: { jobId: NOT_ALLOWED.job_id, name: NOT_ALLOWED.name },
        });
        return serveUntilStopped(
            {
                flows: loadSolutionFlows(repoPath("solution", "src")),
                environment: { dbxjt_PortalAllowedJobIds: JSON.stringify(DEMO_ALLOWED_JOB_IDS) },
                registrations: { [PORTAL_FLOW_ID]: [DEMO_WEB_ROLE] },
                visitor,
                port,
                pages,
            },
            undefined,
            context,
            (host, emulator) => {
                const who = visitor.signedIn
                    ? `a signed-in visitor with the web roles ${roleList(roles ?? "").join(", ") || "(none)"}`
                    : "an anonymous visitor";
                context.stderr(
                    `Portal demo (Bootstrap ${bootstrap}, ${who}); the emulator on ${emulator?.baseUrl ?? "?"}.\n`,
                );
                return `${host.baseUrl}/`;
            },
        );
    },
});

if (require.main === module) runAsProcess(main);
