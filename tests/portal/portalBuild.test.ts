import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import {
    buildPortal,
    PORTAL_BUNDLE,
    PORTAL_BUNDLE_CEILING_BYTES,
    STANDALONE_OUT,
    STANDALONE_SCRIPT,
    STANDALONE_STATIC_FILES,
} from "../../tools/build/portalBuild";
import { repoPath } from "../../tools/common/repoPaths";

describe("the portal component's bundle", () => {
    let code: string;
    beforeAll(async () => {
        const built = await buildPortal();
        expect(built.path).toBe(PORTAL_BUNDLE);
        code = readFileSync(PORTAL_BUNDLE, "utf8");
    }, 60_000);

    test("is one minified script within its ceiling, with a banner naming the project and licence", () => {
        expect(code.length).toBeLessThanOrEqual(PORTAL_BUNDLE_CEILING_BYTES);
        expect(code.split("\n").filter((line) => /^\s/.test(line))).toEqual([]);
        expect(code.startsWith("/*! <databricks-job-run>")).toBe(true);
        expect(code).toMatch(/Databricks Job Trigger for Power Apps\. MIT licence\./);
    });

    test("defines <databricks-job-run> on load, with its string tables in four languages", () => {
        const dom = new JSDOM('<!doctype html><html lang="de"><body></body></html>', {
            runScripts: "outside-only",
            url: "https://contoso.powerappsportals.com/",
        });
        dom.window.eval(code);
        const element = dom.window.customElements.get("databricks-job-run");
        expect(element).toBeDefined();
        const page = dom.window.document;
        const tag = page.createElement("databricks-job-run");
        page.body.append(tag);
        // No flow-id: the German message, and no request.
        expect(tag.querySelector("[role=alert]")?.textContent).toContain("flow-id");
        expect(tag.querySelector("button.btn-primary")?.textContent).toBe("Auftrag ausführen");
        dom.window.close();
    });

    test("keeps a getAccessToken the page set before the script defined the element, and sends its token", async () => {
        const dom = new JSDOM(
            '<!doctype html><body><databricks-job-run transport="logic-app" endpoint="https://logic.example/invoke" job-id="11"></databricks-job-run></body>',
            { runScripts: "outside-only", url: "https://portal.example/" },
        );
        const sent: Array<[string, string]> = [];
        const window = dom.window as unknown as { fetch: unknown; eval(code: string): void };
        window.fetch = async (url: string, init: { headers: Record<string, string> }) => {
            sent.push([url, init.headers.Authorization]);
            return { status: 200, text: async () => JSON.stringify({ job: '{"name":"Nightly load"}' }) };
        };
        const element = dom.window.document.querySelector("databricks-job-run") as unknown as {
            getAccessToken: () => Promise<string>;
        };
        element.getAccessToken = async () => "token-set-before-upgrade";
        window.eval(code);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(sent).toEqual([["https://logic.example/invoke", "Bearer token-set-before-upgrade"]]);
        expect(dom.window.document.querySelector("h3")?.textContent).toBe("Nightly load");
        dom.window.close();
    });

    test("the standalone page: its HTML loading one script with the component and MSAL, and the example settings", () => {
        expect(readdirSync(STANDALONE_OUT).sort()).toEqual([...STANDALONE_STATIC_FILES, STANDALONE_SCRIPT].sort());
        expect(readFileSync(join(STANDALONE_OUT, "index.html"), "utf8")).toContain(
            `<script src="${STANDALONE_SCRIPT}" defer>`,
        );
        const script = readFileSync(join(STANDALONE_OUT, STANDALONE_SCRIPT), "utf8");
        expect(script).toContain('"databricks-job-run"');
        expect(script).toMatch(/@azure\/msal-browser v\d+\.\d+\.\d+/); // MSAL's licence notice is kept
        expect(readFileSync(join(STANDALONE_OUT, "config.example.json"), "utf8")).toBe(
            readFileSync(repoPath("portal", "standalone", "config.example.json"), "utf8"),
        );
    });

    test("the component's and the standalone page's source never assign markup", () => {
        const dirs = [repoPath("portal", "src"), repoPath("portal", "standalone")];
        for (const file of dirs.flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))) {
            const source = readFileSync(file, "utf8");
            expect([file, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(source)]).toEqual([
                file,
                false,
            ]);
        }
    });
});
