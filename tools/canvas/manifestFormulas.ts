import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { repoPath } from "../common/repoPaths";

/**
 * The Power Fx formulas the control's manifest prefills in a canvas app (`pfx-default-value` on
 * its events and inputs): what a maker gets on inserting the control, with nothing typed.
 */

export const MANIFEST_FILE = repoPath("TriggerControl", "ControlManifest.Input.xml");

export interface ManifestFormula {
    element: "property" | "event";
    /** The property's or event's name, such as OnTrigger or Run. */
    name: string;
    formula: string;
}

type Element = Record<string, unknown>;

export function manifestFormulas(xml: string = readFileSync(MANIFEST_FILE, "utf8")): ManifestFormula[] {
    const parsed = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: "@",
        isArray: (name) => name === "property" || name === "event",
    }).parse(xml) as { manifest?: { control?: { property?: Element[]; event?: Element[] } } };
    const control = parsed.manifest?.control ?? {};
    const found: ManifestFormula[] = [];
    for (const element of ["property", "event"] as const) {
        for (const entry of control[element] ?? []) {
            const formula = entry["@pfx-default-value"];
            if (typeof formula === "string") found.push({ element, name: String(entry["@name"]), formula });
        }
    }
    return found;
}

/** The prefilled formula of one event or input, by name; undefined when the manifest has none. */
export function manifestFormula(name: string, formulas: ManifestFormula[] = manifestFormulas()): string | undefined {
    return formulas.find((entry) => entry.name === name)?.formula;
}
