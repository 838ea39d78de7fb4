import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { buildPortal, PORTAL_BUNDLE, PORTAL_BUNDLE_CEILING_BYTES } from "../../tools/build/portalBuild";
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

    test("the component's source never assigns markup", () => {
        const dir = repoPath("portal", "src");
        for (const file of readdirSync(dir)) {
            const source = readFileSync(join(dir, file), "utf8");
            expect([file, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(source)]).toEqual([
                file,
                false,
            ]);
        }
    });
});
