import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ControlEvents, InputProperties, OutputProperties } from "../TriggerControl/ManifestConstants";
import { loadConnector } from "../tools/connector/connectorFiles";
import { formatProblem } from "../tools/connector/problem";
import { powerFxCallsIn } from "../tools/connector/powerFx";
import { checkPowerFxCalls } from "../tools/connector/readmeRules";
import type { SwaggerDocument } from "../tools/connector/swaggerModel";

const root = join(__dirname, "..");
const definition = loadConnector(join(root, "connector")).apiDefinition as SwaggerDocument;

/** Every page that teaches makers Power Fx: the README and the guides. */
const pages: [string, string][] = [
    ["README.md", readFileSync(join(root, "README.md"), "utf8")],
    ...readdirSync(join(root, "docs"))
        .filter((file) => file.endsWith(".md"))
        .map((file): [string, string] => [`docs/${file}`, readFileSync(join(root, "docs", file), "utf8")]),
];

describe.each(pages)("the canvas wiring in %s", (file, text) => {
    test("every DatabricksJobs call fits the shipped connector", () => {
        expect(checkPowerFxCalls(text, definition, file).map(formatProblem)).toEqual([]);
    });

    test("every control property and event it names exists in the manifest", () => {
        const known = new Set<string>([...InputProperties, ...OutputProperties, ...ControlEvents]);
        const named = [...text.matchAll(/\b(?:Self|TriggerControl1)\.(\w+)/g)].map((match) => match[1]);
        expect(named.filter((name) => !known.has(name))).toEqual([]);
    });
});

test.each(["README.md", "docs/maker-guide.md"])("%s shows RunNow, GetRun and CancelRun", (file) => {
    const text = pages.find(([name]) => name === file)?.[1] ?? "";
    const called = new Set(powerFxCallsIn(text).map((call) => call.operationId));
    for (const operation of ["RunNow", "GetRun", "CancelRun"]) expect(called).toContain(operation);
});

test("relative links in the README and the guides point at files that exist", () => {
    const missing: string[] = [];
    for (const [file, text] of pages) {
        const base = join(root, file, "..");
        for (const match of text.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)(?:#[^)]*)?\)/g)) {
            try {
                readFileSync(join(base, match[1]));
            } catch {
                missing.push(`${file} → ${match[1]}`);
            }
        }
    }
    expect(missing).toEqual([]);
});
