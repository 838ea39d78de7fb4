import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { repoPath } from "../../tools/common/repoPaths";

export const STRINGS_DIR = repoPath("TriggerControl", "strings");
export const LANGUAGES = ["1033", "1031", "1036", "3082"] as const;

/** Reads TriggerControl.<lcid>.resx into a key → text map. */
export function readResx(lcid: string): Map<string, string> {
    const xml = readFileSync(join(STRINGS_DIR, `TriggerControl.${lcid}.resx`), "utf8");
    const parsed = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: "@",
        isArray: (name) => name === "data",
    }).parse(xml) as { root: { data?: { "@name": string; value: string | number }[] } };
    return new Map((parsed.root.data ?? []).map((entry) => [entry["@name"], String(entry.value)]));
}
