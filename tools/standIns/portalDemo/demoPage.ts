import { repoPath } from "../../common/repoPaths";
import { fileOnDisk, htmlPage, SitePages } from "../flowHost/sitePages";

/**
 * A page as a Power Pages site would show it — Bootstrap's navbar with the site's name, a
 * container, a heading, a short text — with `<databricks-job-run>` elements in it, and the files
 * it loads, all served on the local site's origin (the element calls the same-origin cloud flow API).
 */

export type BootstrapVersion = 3 | 5;

/** The portal flow of the solution ("Databricks job for Power Pages"). */
export const PORTAL_FLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";

export const COMPONENT_SCRIPT_PATH = "/portal/databricks-job-run.js";
export const BOOTSTRAP_CSS_PATH = "/css/bootstrap.min.css";
export const COMPONENT_BUNDLE = repoPath("portal", "bin", "databricks-job-run.js");

const BOOTSTRAP_CSS: Record<BootstrapVersion, string> = {
    5: repoPath("node_modules", "bootstrap", "dist", "css", "bootstrap.min.css"),
    3: repoPath("node_modules", "bootstrap3", "dist", "css", "bootstrap.min.css"),
};

/** One `<databricks-job-run>` (it shows the job's name itself), after a short text. */
export interface JobRunSection {
    text?: string;
    /** The element's attributes; `true` writes a boolean attribute (`disabled`), `false` leaves it out. */
    attributes: Record<string, string | boolean>;
}

export interface DemoPageOptions {
    bootstrap: BootstrapVersion;
    siteName?: string;
    title: string;
    intro: string;
    sections: JobRunSection[];
    /** The page's `<html lang>`; default en. */
    lang?: string;
    /** Scripts the page loads before the component's: its own set-up, such as the token hook of `transport="logic-app"`. */
    scripts?: string[];
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function attributesOf(attributes: Record<string, string | boolean>): string {
    return Object.entries(attributes)
        .map(([name, value]) => {
            if (typeof value === "boolean") return value ? ` ${name}` : "";
            return ` ${name}="${escapeHtml(value)}"`;
        })
        .join("");
}

function navbar(bootstrap: BootstrapVersion, siteName: string): string {
    const brand = `<a class="navbar-brand" href="/">${escapeHtml(siteName)}</a>`;
    return bootstrap === 5
        ? `<nav class="navbar navbar-expand-lg navbar-dark bg-dark mb-4"><div class="container">${brand}</div></nav>`
        : `<nav class="navbar navbar-inverse navbar-static-top"><div class="container"><div class="navbar-header">${brand}</div></div></nav>`;
}

function section(part: JobRunSection): string {
    const text = part.text === undefined ? "" : `\n      <p>${escapeHtml(part.text)}</p>`;
    return `    <section class="portal-job">${text}
      <databricks-job-run${attributesOf(part.attributes)}></databricks-job-run>
    </section>`;
}

export function demoPageHtml(options: DemoPageOptions): string {
    const siteName = options.siteName ?? "Contoso Data Portal";
    return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang ?? "en")}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)} · ${escapeHtml(siteName)}</title>
  <link rel="stylesheet" href="${BOOTSTRAP_CSS_PATH}">
  <style>.portal-job { margin: 2rem 0; }</style>
</head>
<body>
  ${navbar(options.bootstrap, siteName)}
  <main class="container" id="main-content">
    <h1>${escapeHtml(options.title)}</h1>
    <p class="lead">${escapeHtml(options.intro)}</p>
${options.sections.map(section).join("\n")}
  </main>
${(options.scripts ?? []).map((src) => `  <script src="${escapeHtml(src)}"></script>\n`).join("")}  <script src="${COMPONENT_SCRIPT_PATH}"></script>
</body>
</html>
`;
}

/** The files every page loads: the component's script (built by npm run build) and Bootstrap's CSS. */
export function componentSitePages(bootstrap: BootstrapVersion): SitePages {
    return new SitePages()
        .add(COMPONENT_SCRIPT_PATH, fileOnDisk(COMPONENT_BUNDLE, "build the component with npm run build."))
        .add(BOOTSTRAP_CSS_PATH, fileOnDisk(BOOTSTRAP_CSS[bootstrap], "install the dev dependencies with npm ci."));
}

/** The seeded jobs the demo shows: one the allow-list names, one it leaves out. */
export interface DemoJobs {
    allowed: { jobId: string; name: string };
    notAllowed: { jobId: string; name: string };
}

/** The demo: `/` with a job the portal may run and one it may not, and the files they load. */
export function demoSitePages(bootstrap: BootstrapVersion, jobs: DemoJobs): SitePages {
    const page = demoPageHtml({
        bootstrap,
        title: "Run a data job",
        intro: "Start a Databricks job with your values and follow its run here. Runs go on when you close the page.",
        sections: [
            {
                text: `${jobs.allowed.name}: on the portal's allow-list.`,
                attributes: { "flow-id": PORTAL_FLOW_ID, "job-id": jobs.allowed.jobId },
            },
            {
                text: `${jobs.notAllowed.name}: not on the portal's allow-list, so the flow refuses it.`,
                attributes: { "flow-id": PORTAL_FLOW_ID, "job-id": jobs.notAllowed.jobId },
            },
        ],
    });
    return componentSitePages(bootstrap).add("/", htmlPage(page));
}
