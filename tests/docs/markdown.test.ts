import { anchorsOf, commandsIn, githubSlug, linkTargets, shellWords, splitFences } from "./markdown";

describe("GitHub's heading anchors", () => {
    it.each([
        ["Who does what", "who-does-what"],
        ["4. Check the connector's Security tab", "4-check-the-connectors-security-tab"],
        ['"AADSTS7000222" or "AADSTS7000215": the client secret', "aadsts7000222-or-aadsts7000215-the-client-secret"],
        [
            '"Source IP address: … is blocked by Databricks IP ACL"',
            "source-ip-address--is-blocked-by-databricks-ip-acl",
        ],
        ['The flow "Run a Databricks job and wait"', "the-flow-run-a-databricks-job-and-wait"],
        ["`--dry-run`", "--dry-run"],
        ["Upgrade, rollback and uninstall", "upgrade-rollback-and-uninstall"],
        ["Publisher: Databricks Job Trigger for Power Apps", "publisher-databricks-job-trigger-for-power-apps"],
        ["See [the guide](docs/guide.md) *now*", "see-the-guide-now"],
    ])("of %j is #%s", (heading, slug) => {
        expect(githubSlug(heading)).toBe(slug);
    });

    it("numbers repeated headings and ignores headings inside code", () => {
        const text =
            '# Guide\n\n## Notes\n\n```sh\n# a shell comment, not a heading\n```\n\n## Notes\n<a id="kept"></a>\n';
        expect([...anchorsOf(text)].sort()).toEqual(["guide", "kept", "notes", "notes-1"]);
    });
});

describe("links and code", () => {
    it("finds links and images outside code, across a line break in the label, with their lines", () => {
        const text =
            'Read [the\nguide](docs/a.md#x) and ![shot](images/b.png).\n\n`[no](c.md)`\n\n~~~\n[no](d.md)\n~~~\n[web](https://example.org "title")\n';
        expect(linkTargets(text)).toEqual([
            { target: "docs/a.md#x", line: 1 },
            { target: "images/b.png", line: 2 },
            { target: "https://example.org", line: 9 },
        ]);
    });

    it("keeps line numbers when it blanks fenced code, indented fences in lists included", () => {
        const text = "1. Step\n\n   ```sh\n   npm ci\n   ```\n2. Next\n";
        const { prose, blocks } = splitFences(text);
        expect(prose.split("\n")).toHaveLength(text.split("\n").length);
        expect(blocks).toEqual([{ startLine: 4, lines: ["   npm ci"] }]);
    });
});

describe("shell commands in code", () => {
    it("splits words as a shell does, keeping placeholders whole and dropping comments", () => {
        expect(
            shellWords(
                `npm run setup:azure-ad -- --display-name "Jobs (test)" --redirect-uri <the Security tab's URL> # note`,
            ),
        ).toEqual([
            "npm",
            "run",
            "setup:azure-ad",
            "--",
            "--display-name",
            "Jobs (test)",
            "--redirect-uri",
            "<the Security tab's URL>",
        ]);
    });

    it("finds commands in code blocks (continued lines joined, chains split) and in inline code", () => {
        const text =
            "```sh\nnpm ci && npm run build   # both\naz role assignment create \\\n  --role x\npac solution import \\\n  --path a.zip\n```\nThen `npm test`.\n";
        expect(commandsIn(text, ["npm", "pac"]).map(({ words, line }) => [words.join(" "), line])).toEqual([
            ["npm ci", 2],
            ["npm run build", 2],
            ["pac solution import --path a.zip", 5],
            ["npm test", 8],
        ]);
    });
});
