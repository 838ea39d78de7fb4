import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../../../tools/common/repoPaths";
import { loadSolutionFlows } from "../../../tools/standIns/flowHost/hostedFlows";
import { RunningFlowHost, startFlowHost } from "../../../tools/standIns/flowHost/site";
import { contentTypeOf, fileOnDisk, htmlPage, SitePages } from "../../../tools/standIns/flowHost/sitePages";
import { demoPageHtml, demoSitePages, PORTAL_FLOW_ID } from "../../../tools/standIns/portalDemo/demoPage";
import { PORTAL_FLOW_ID as SITE_PORTAL_FLOW_ID, SitePage } from "./siteClient";

/**
 * The pages the local site serves besides the cloud flow API: exactly the listed paths, with their
 * content types, on the API's origin; nothing else on the machine, whatever the request path says.
 */

let folder: string;
let host: RunningFlowHost;

/** A raw GET: fetch() would resolve "/../" and "%2e%2e" before sending, and the point is what the server does with them. */
function rawGet(path: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(host.baseUrl);
    return new Promise((resolve, reject) => {
        const outgoing = httpRequest({ host: url.hostname, port: url.port, path, method }, (response) => {
            let body = "";
            response.on("data", (chunk: Buffer) => (body += chunk.toString()));
            response.on("end", () =>
                resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"] ?? "", body }),
            );
        });
        outgoing.on("error", reject);
        outgoing.end();
    });
}

beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "site-pages-"));
    writeFileSync(join(folder, "element.js"), "customElements.define('x-y', class extends HTMLElement {});");
    writeFileSync(join(folder, "secret.txt"), "not for the site");
    writeFileSync(join(folder, "site.css"), "body { color: #123456; }");
    const pages = new SitePages()
        .add("/", htmlPage("<!DOCTYPE html><title>Home</title>"))
        .add("/scripts/element.js", fileOnDisk(join(folder, "element.js"), "build it."))
        .add("/css/site.css", fileOnDisk(join(folder, "site.css"), "write it."))
        .add("/scripts/not-built.js", fileOnDisk(join(folder, "not-built.js"), "run npm run build."));
    host = await startFlowHost({
        flows: loadSolutionFlows(repoPath("solution", "src")),
        // No flow runs in these tests: nothing calls this workspace.
        connection: { host: "127.0.0.1:9", token: "unused" },
        pages,
    });
});

afterAll(async () => {
    await host?.close();
    rmSync(folder, { recursive: true, force: true });
});

describe("the site's pages", () => {
    it("serves each listed path with its content type", async () => {
        const home = await rawGet("/");
        expect(home).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
        expect(home.body).toContain("<title>Home</title>");
        const script = await rawGet("/scripts/element.js");
        expect(script).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
        expect(script.body).toContain("customElements.define");
        expect(await rawGet("/css/site.css")).toMatchObject({ status: 200, type: "text/css; charset=utf-8" });
        const response = await fetch(`${host.baseUrl}/scripts/element.js`);
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("cache-control")).toBe("no-store");
    });

    it("answers HEAD without a body", async () => {
        const head = await rawGet("/css/site.css", "HEAD");
        expect(head).toMatchObject({ status: 200, type: "text/css; charset=utf-8", body: "" });
    });

    it("reads a file at each request, so a rebuilt script is served without a restart", async () => {
        writeFileSync(join(folder, "site.css"), "body { color: #654321; }");
        expect((await rawGet("/css/site.css")).body).toContain("#654321");
    });

    it("answers 404 with the hint for a listed file that is not on disk", async () => {
        const missing = await rawGet("/scripts/not-built.js");
        expect(missing.status).toBe(404);
        expect(missing.body).toMatch(/not-built\.js is not there: run npm run build\./);
    });

    it.each([
        "/secret.txt",
        "/scripts/secret.txt",
        "/scripts/../secret.txt",
        "/scripts/%2e%2e/secret.txt",
        "/scripts/..%2fsecret.txt",
        "/scripts/element.js/",
        "/Scripts/element.js",
        "//scripts/element.js",
        "/scripts\\element.js",
        "/index.html",
        "/../package.json",
        "/%2e%2e/%2e%2e/package.json",
    ])("answers 404 for %s, which is not listed", async (path) => {
        const answer = await rawGet(path);
        expect(answer.status).toBe(404);
        expect(answer.body).not.toContain("not for the site");
        expect(answer.body).not.toContain('"name": "databricks-job-trigger"');
    });

    it("serves pages to GET and HEAD only; the flow API stays as it was", async () => {
        const posted = await fetch(`${host.baseUrl}/scripts/element.js`, { method: "POST", body: "x" });
        expect(posted.status).toBe(404);
        const page = await SitePage.open(host);
        expect(page.token).not.toBe("");
        const refused = await page.call({ action: "describe", job_id: "1" }, { withoutAjaxHeader: true });
        expect(refused.status).toBe(500);
    });
});

describe("listing a page", () => {
    it.each(["", "scripts/a.js", "/a/../b.js", "/.env", "/a/.git/config", "/a//b.js", "/a b.js", "/a%2fb.js"])(
        "refuses the path %j, saying how to write one",
        (path) => {
            expect(() => new SitePages().add(path, htmlPage(""))).toThrow(/write it from "\/"/);
        },
    );

    it("refuses a path listed twice", () => {
        const pages = new SitePages().add("/a.js", htmlPage(""));
        expect(() => pages.add("/a.js", htmlPage(""))).toThrow("The site path /a.js is listed twice.");
    });

    it("refuses a file whose type the site does not serve", () => {
        expect(() => fileOnDisk("/tmp/notes.txt", "")).toThrow(
            /notes\.txt: the site serves only .*\.html, \.js, \.css/,
        );
        expect(contentTypeOf("bundle.JS")).toBe("text/javascript; charset=utf-8");
    });
});

describe("the portal demo's pages", () => {
    it("list the page, the component's script and Bootstrap's CSS, nothing else", () => {
        const pages = demoSitePages(5, {
            allowed: { jobId: "684213907551001", name: "Nightly sales load" },
            notAllowed: { jobId: "684213907551004", name: "Warehouse vacuum" },
        });
        expect(pages.paths().sort()).toEqual(["/", "/css/bootstrap.min.css", "/portal/databricks-job-run.js"]);
        expect(PORTAL_FLOW_ID).toBe(SITE_PORTAL_FLOW_ID);
    });

    it("write attribute values and texts as text", () => {
        const html = demoPageHtml({
            bootstrap: 3,
            title: "Jobs <b>now</b>",
            intro: "Tom & Jerry's",
            sections: [
                {
                    attributes: { "job-id": '1" onload="alert(1)', disabled: true, lang: false },
                },
            ],
        });
        expect(html).toContain('job-id="1&#34; onload=&#34;alert(1)" disabled>');
        expect(html).not.toContain(" lang>");
        expect(html).toContain("<h1>Jobs &#60;b&#62;now&#60;/b&#62;</h1>");
        expect(html).toContain("Tom &#38; Jerry&#39;s");
        expect(html).toContain('class="navbar navbar-inverse navbar-static-top"');
    });
});
