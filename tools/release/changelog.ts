/**
 * Reads a Keep a Changelog file (https://keepachangelog.com/en/1.1.0/): one `## [x.y.z] - YYYY-MM-DD`
 * section per release, newest first, and an `## [Unreleased]` section for what has not shipped.
 */

export class ChangelogError extends Error {}

export interface ChangelogSection {
    /** "Unreleased" or the version as written between the brackets. */
    name: string;
    /** The release date, for a released version. */
    date?: string;
    /** 1-based line of the `## ` heading. */
    line: number;
    /** The section's text without its heading, trimmed of blank lines at both ends. */
    body: string;
}

const UNRELEASED = "unreleased";
const SECTION_HEADING = /^##\s+(.*?)\s*$/;
const RELEASE_HEADING = /^\[([^\]]+)\](?:\s+-\s+(\S+))?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// `[0.1.0]: https://…` lines that make the headings links; they belong to no section's notes.
const LINK_DEFINITION = /^\[[^\]]+\]:\s+\S+/;
const CODE_FENCE = /^\s*(```|~~~)/;

export function parseChangelog(text: string, file = "CHANGELOG.md"): ChangelogSection[] {
    const lines = text.split(/\r?\n/);
    const sections: ChangelogSection[] = [];
    let current: { section: ChangelogSection; lines: string[] } | undefined;
    let inFence = false;

    const close = (): void => {
        if (!current) return;
        current.section.body = trimBlankLines(current.lines).join("\n");
        sections.push(current.section);
        current = undefined;
    };

    lines.forEach((lineText, index) => {
        if (CODE_FENCE.test(lineText)) inFence = !inFence;
        const heading = inFence ? null : SECTION_HEADING.exec(lineText);
        if (heading) {
            close();
            current = { section: sectionFromHeading(heading[1], index + 1, file), lines: [] };
            return;
        }
        if (current && !(!inFence && LINK_DEFINITION.test(lineText))) current.lines.push(lineText);
    });
    close();
    return sections;
}

function sectionFromHeading(title: string, line: number, file: string): ChangelogSection {
    const release = RELEASE_HEADING.exec(title);
    if (!release) {
        throw new ChangelogError(
            `${file}:${line}: the heading "## ${title}" is neither "## [Unreleased]" nor "## [x.y.z] - YYYY-MM-DD" (Keep a Changelog).`,
        );
    }
    const [, name, date] = release;
    if (name.toLowerCase() === UNRELEASED) return { name, line, body: "" };
    if (date === undefined)
        throw new ChangelogError(
            `${file}:${line}: the section for ${name} has no release date: write "## [${name}] - YYYY-MM-DD".`,
        );
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        throw new ChangelogError(
            `${file}:${line}: the release date "${date}" of ${name} is not a date in the form YYYY-MM-DD.`,
        );
    }
    return { name, date, line, body: "" };
}

function trimBlankLines(lines: readonly string[]): string[] {
    let start = 0;
    let end = lines.length;
    while (start < end && lines[start].trim() === "") start++;
    while (end > start && lines[end - 1].trim() === "") end--;
    return lines.slice(start, end);
}

/** The release notes of `version`: its section's text, or a ChangelogError saying what is missing. */
export function releaseNotes(text: string, version: string, file = "CHANGELOG.md"): string {
    const wanted = version.replace(/^v(?=\d)/, "");
    if (wanted.toLowerCase() === UNRELEASED) {
        throw new ChangelogError(
            `"Unreleased" is not a release. Move its entries into a "## [x.y.z] - YYYY-MM-DD" section of ${file} and ask for that version.`,
        );
    }
    const sections = parseChangelog(text, file);
    const matching = sections.filter((section) => section.name === wanted);
    if (matching.length > 1) {
        throw new ChangelogError(
            `${file} has ${matching.length} sections for ${wanted} (lines ${matching.map((section) => section.line).join(", ")}): keep one.`,
        );
    }
    const [section] = matching;
    if (!section) {
        const found = sections.map((entry) => entry.name).join(", ") || "none";
        throw new ChangelogError(
            `${file} has no section for ${wanted} (sections found: ${found}). Add "## [${wanted}] - YYYY-MM-DD" with what changed in it.`,
        );
    }
    const entries = section.body.split("\n").filter((line) => line.trim() !== "" && !/^#{3,}\s/.test(line));
    if (entries.length === 0) {
        throw new ChangelogError(
            `${file}:${section.line}: the section for ${wanted} is empty: say what changed in ${wanted} before releasing it.`,
        );
    }
    return section.body;
}
