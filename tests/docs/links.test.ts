import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GUIDE_FILES, linkProblems, readGuide } from "./guides";

describe.each(GUIDE_FILES)("the links in %s", (file) => {
    test("every relative link reaches a file, and every anchor a heading", () => {
        expect(linkProblems(file, readGuide(file))).toEqual([]);
    });
});

describe("the link check", () => {
    let base: string;
    const write = (file: string, text: string) => {
        mkdirSync(dirname(join(base, file)), { recursive: true });
        writeFileSync(join(base, file), text);
    };

    beforeEach(() => {
        base = mkdtempSync(join(tmpdir(), "guide-links-"));
        write(
            "docs/setup.md",
            "# Set-up\n\n## Who does what\n\n## 4. Check the connector's Security tab\n\n## Notes\n\n## Notes\n",
        );
    });
    afterEach(() => rmSync(base, { recursive: true, force: true }));

    test("accepts existing files, GitHub's heading anchors (repeats numbered) and web links", () => {
        const page = [
            "# Guide",
            "[set-up](docs/setup.md), [who](docs/setup.md#who-does-what), [step 4](docs/setup.md#4-check-the-connectors-security-tab),",
            "[second notes](docs/setup.md#notes-1), [here](#guide), [Learn](https://learn.microsoft.com/), [releases](../../releases/latest)",
        ].join("\n");
        expect(linkProblems("README.md", page, base)).toEqual([]);
    });

    test("names the page, line and target of a missing file and of a missing anchor", () => {
        const page = "# Guide\n\nSee [the admin guide](docs/admin.md) and\n[who](docs/setup.md#who-hands-what).\n";
        expect(linkProblems("README.md", page, base)).toEqual([
            "README.md:3 links to docs/admin.md, but docs/admin.md does not exist",
            "README.md:4 links to docs/setup.md#who-hands-what, but docs/setup.md has no heading with the anchor #who-hands-what",
        ]);
    });

    test("checks in-page anchors, and ignores links shown as code", () => {
        const page =
            "# Guide\n\n[up](#guide) [down](#the-end)\n\n`[not a link](missing.md)`\n\n```\n[also not](missing.md)\n```\n";
        expect(linkProblems("docs/guide.md", page, base)).toEqual([
            "docs/guide.md:3 links to #the-end, but docs/guide.md has no heading with the anchor #the-end",
        ]);
    });

    test("allows the releases page only where the link reaches it: from the root README", () => {
        expect(linkProblems("docs/guide.md", "[releases](../../releases/latest)", base)).toEqual([
            "docs/guide.md:1 links to ../../releases/latest, but ../releases/latest does not exist",
        ]);
        expect(linkProblems("README.md", "[releases](../../releases)", base)).toEqual([
            "README.md:1 links to ../../releases, but ../../releases does not exist",
        ]);
    });
});
