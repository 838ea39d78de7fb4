import { ConnectorFiles, FILE } from "../model/connectorFiles";
import { AZURE_DATABRICKS_RESOURCE } from "./connectionRules";
import { pointerOf } from "../../common/jsonPointer";
import { problem, Problem } from "../model/problem";

/**
 * No secrets and no real tenant or client IDs anywhere in the connector: every JSON string value,
 * and every line of script.csx and README.md, is matched against the shapes secrets take.
 */

const RULE = "no-secrets";

/** GUIDs that are public knowledge: the AzureDatabricks application, and the all-zero placeholder. */
const PUBLIC_GUIDS = new Set([AZURE_DATABRICKS_RESOURCE, "00000000-0000-0000-0000-000000000000"]);

const SECRET_SHAPES: Array<[RegExp, string]> = [
    [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON web token"],
    [/\bdapi[0-9a-f]{32}(-\d+)?\b/, "a Databricks personal access token"],
    [/[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/, "an Azure AD client secret"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
    [
        /\b(AccountKey|SharedAccessKey|client_secret|password)=[^\s&;"'<]{6,}/i,
        "a key or password in a connection string",
    ],
];
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** JSON keys whose value is a secret wherever it appears. */
const SECRET_KEYS = /(secret|password|passwd|api_?key|access_?token|refresh_?token|private_?key)$/i;
const PLACEHOLDER = /REPLACE|PLACEHOLDER|^<[^>]*>$|^\[[^\]]*\]$|^\*+$/i;

export function scanForSecrets(files: ConnectorFiles): Problem[] {
    return [
        ...scanJson(FILE.apiDefinition, files.apiDefinition),
        ...scanJson(FILE.apiProperties, files.apiProperties),
        ...scanJson(FILE.settings, files.settings),
        ...scanText(FILE.script, files.script),
        ...scanText(FILE.readme, files.readme),
    ];
}

function scanJson(file: string, value: unknown, path: Array<string | number> = []): Problem[] {
    if (typeof value === "string") {
        const key = String(path[path.length - 1] ?? "");
        const found = secretsIn(value).map((what) => problem(file, pointerOf(...path), RULE, `looks like ${what}`));
        if (SECRET_KEYS.test(key) && value !== "" && !PLACEHOLDER.test(value)) {
            found.push(
                problem(file, pointerOf(...path), RULE, `${key} holds a value; keep secrets out of the repository`),
            );
        }
        return found;
    }
    if (Array.isArray(value)) return value.flatMap((item, index) => scanJson(file, item, [...path, index]));
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([key, item]) => scanJson(file, item, [...path, key]));
    }
    return [];
}

function scanText(file: string, text: string | undefined): Problem[] {
    if (text === undefined) return [];
    // The pointer of a text file is its line: #/line/12.
    return text
        .split("\n")
        .flatMap((line, index) =>
            secretsIn(line).map((what) => problem(file, pointerOf("line", index + 1), RULE, `looks like ${what}`)),
        );
}

export function secretsIn(text: string): string[] {
    const found = SECRET_SHAPES.filter(([shape]) => shape.test(text)).map(([, what]) => what);
    const privateGuids = (text.match(GUID) ?? []).filter((guid) => !PUBLIC_GUIDS.has(guid.toLowerCase()));
    if (privateGuids.length > 0) found.push(`a tenant, client or object ID (${privateGuids[0]})`);
    return found;
}
