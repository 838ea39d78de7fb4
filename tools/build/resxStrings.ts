import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { repoPath } from "../common/repoPaths";

/** The control's strings, TriggerControl.<lcid>.resx: the control's and the portal component's one source. */
export const STRINGS_DIR = repoPath("TriggerControl", "strings");
export const LANGUAGES = ["1033", "1031", "1036", "3082"] as const;
export type Language = (typeof LANGUAGES)[number];

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

/** The texts of `keys` in each language, in the order of `keys`; a key missing from a resx is an error naming both. */
export function stringTables(keys: readonly string[]): Record<Language, string[]> {
    return Object.fromEntries(
        LANGUAGES.map((lcid) => {
            const strings = readResx(lcid);
            return [
                lcid,
                keys.map((key) => {
                    const text = strings.get(key);
                    if (text === undefined)
                        throw new Error(`${join(STRINGS_DIR, `TriggerControl.${lcid}.resx`)} has no string "${key}".`);
                    return text;
                }),
            ];
        }),
    ) as Record<Language, string[]>;
}
