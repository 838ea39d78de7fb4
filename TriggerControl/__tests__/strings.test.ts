import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { ControlEvents, InputProperties, ManifestConstants, OutputProperties } from "../ManifestConstants";
import { RunStates } from "../../runModel/runState";
import { StringKeys } from "../../runModel/stringKeys";
import { PortalOnlyStringKeys, PortalStringKeys } from "../../portal/src/portalStrings";
import { LANGUAGES, readResx } from "../__mocks__/resx";
import { repoPath } from "../../tools/common/repoPaths";

type Node = Record<string, unknown>;

const manifest = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (name) => ["property", "event", "resx", "platform-library"].includes(name),
}).parse(readFileSync(repoPath("TriggerControl", "ControlManifest.Input.xml"), "utf8")) as {
    manifest: { control: Node };
};
const control = manifest.manifest.control;
const properties = control.property as Node[];
const events = control.event as Node[];

function manifestKeys(): string[] {
    return [control, ...properties, ...events].flatMap(
        (node) => [node["@display-name-key"], node["@description-key"]] as string[],
    );
}

const english = readResx("1033");

describe("the manifest", () => {
    test("names the constructor, namespace, inputs, outputs and events the code uses", () => {
        expect(control["@constructor"]).toBe(ManifestConstants.constructor);
        expect(control["@namespace"]).toBe(ManifestConstants.namespace);
        expect(properties.filter((p) => p["@usage"] === "input").map((p) => p["@name"])).toEqual([...InputProperties]);
        expect(properties.filter((p) => p["@usage"] === "output").map((p) => p["@name"])).toEqual([
            ...OutputProperties,
        ]);
        expect(events.map((e) => e["@name"])).toEqual([...ControlEvents]);
    });

    test("is a virtual control on React 16.14.0 and Fluent 8.29.0, using no external service", () => {
        const resources = control.resources as Node;
        expect(control["@control-type"]).toBe("virtual");
        expect((control["external-service-usage"] as Node)["@enabled"]).toBe("false");
        expect(resources["platform-library"]).toEqual([
            { "@name": "React", "@version": "16.14.0" },
            { "@name": "Fluent", "@version": "8.29.0" },
        ]);
    });

    test("the package pins the versions the platform runs", () => {
        const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        expect(pkg.dependencies).toMatchObject({
            react: "16.14.0",
            "react-dom": "16.14.0",
            "@fluentui/react": "8.29.0",
        });
    });

    test("JobId is text, not a whole number: int64 ids do not fit a canvas number", () => {
        expect(properties.find((p) => p["@name"] === "JobId")).toMatchObject({
            "@of-type": "SingleLine.Text",
            "@required": "true",
        });
    });

    test("lists a resx for every language", () => {
        const resx = ((control.resources as Node).resx as Node[]).map((r) => r["@path"]);
        expect(resx).toEqual(LANGUAGES.map((lcid) => `strings/TriggerControl.${lcid}.resx`));
    });
});

describe("strings", () => {
    test("English has every key the manifest, the control and the portal component use, and nothing else", () => {
        const expected = new Set([...manifestKeys(), ...StringKeys, ...PortalOnlyStringKeys]);
        expect([...english.keys()].sort()).toEqual([...expected].sort());
    });

    test("the portal component's own keys are not the control's: the control's bundle does not carry them", () => {
        expect(PortalOnlyStringKeys.filter((key) => (StringKeys as readonly string[]).includes(key))).toEqual([]);
        expect(PortalStringKeys).toEqual(expect.arrayContaining([...PortalOnlyStringKeys]));
    });

    test("every RunState has a label", () => {
        for (const state of RunStates) expect(StringKeys).toContain(`State_${state}`);
    });

    test.each(LANGUAGES.filter((l) => l !== "1033"))(
        "%s has the same keys, each translated, with the same placeholders",
        (lcid) => {
            const strings = readResx(lcid);
            expect([...strings.keys()]).toEqual([...english.keys()]);
            const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort().join();
            for (const [key, text] of strings) {
                expect(text.trim()).not.toBe("");
                expect([key, placeholders(text)]).toEqual([key, placeholders(english.get(key) ?? "")]);
            }
            const translated = [...strings].filter(([key, text]) => text !== english.get(key));
            expect(translated.length).toBeGreaterThan(strings.size * 0.75);
        },
    );
});
