import { ConnectorFiles, ConnectorLoadError, loadConnector } from "../../connector/model/connectorFiles";
import { formatProblem, Problem } from "../../connector/model/problem";
import { assertExactNumbers } from "../../common/exactJson";
import { PackError } from "./errors";
import { ConnectorSource } from "./solutionSource";

/** The connector as the solution holds it: the `<Connector>` node's fields and its files under Connector/. */
export interface ConnectorPart {
    /** Element name and value, in the order Dataverse exports them. */
    fields: Array<[string, string]>;
    /** Zip entries, in zip order, named `Connector/<name>_<attribute>.<ext>`. */
    files: Array<{ path: string; data: Buffer }>;
    /** The swagger's own info.version, before the packer stamped its own. */
    sourceVersion: string;
    /** Where the hand-written Connectors/<name>.xml disagrees with what the connector sources say. */
    drift: string[];
}

export type ConnectorValidation = (files: ConnectorFiles) => Promise<Problem[]>;

interface ApiProperties {
    properties?: {
        connectionParameters?: unknown;
        policyTemplateInstances?: unknown;
        iconBrandColor?: unknown;
        scriptOperations?: unknown;
    };
}

interface Swagger {
    info?: { title?: unknown; description?: unknown; version?: unknown };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads connector/ (the paconn layout), validates it and turns it into the parts Dataverse keeps:
 * - openapidefinition: the swagger, with info.version stamped;
 * - connectionparameters, policytemplateinstances: the bare values of apiProperties.json's
 *   properties.connectionParameters and properties.policyTemplateInstances (wrapped in
 *   "properties", import fails with "ApiHubsRequestFailed: Nullable object must have a value");
 * - customcodeblobcontent: script.csx, when settings.json names a script; with it scriptoperations,
 *   the operations the script runs for, as a JSON array of operation ids;
 * - iconblob: icon.png.
 * Identity (connectorid, name, connectortype) comes from the solution source; display name,
 * description and brand colour from the connector sources.
 */
export async function readConnectorPart(
    dir: string,
    source: ConnectorSource,
    connectorVersion: string,
    validate: ConnectorValidation,
): Promise<ConnectorPart> {
    let files: ConnectorFiles;
    try {
        files = loadConnector(dir);
    } catch (error) {
        if (error instanceof ConnectorLoadError)
            throw new PackError(`The connector in ${dir} cannot be read: ${error.file}: ${error.message}.`);
        throw error;
    }
    const problems = await validate(files);
    if (problems.length > 0) {
        const shown = problems.slice(0, 20).map((found) => `  ${formatProblem(found)}`);
        if (problems.length > shown.length) shown.push(`  ... and ${problems.length - shown.length} more`);
        throw new PackError(
            `The connector in ${dir} fails validation (${problems.length} problem(s)); \`npm run validate:connector\` lists them all:\n${shown.join("\n")}`,
        );
    }

    const sourceVersion = String((files.apiDefinition as Swagger).info?.version ?? "");
    const swagger = stampedSwagger(files.apiDefinition as Swagger, connectorVersion);
    const properties = (files.apiProperties as ApiProperties).properties ?? {};
    const settings = files.settings as { script?: unknown };
    const usesScript = typeof settings.script === "string" && settings.script !== "";
    if (usesScript && files.script === undefined) {
        throw new PackError(
            `${dir}: settings.json names the script "${String(settings.script)}", but script.csx does not exist.`,
        );
    }
    if (files.icon === undefined || !files.icon.subarray(0, 8).equals(PNG_SIGNATURE)) {
        throw new PackError(`${dir}: icon.png is missing or is not a PNG image.`);
    }

    const name = source.name;
    const path = (attribute: string, extension: string) => `/Connector/${name}_${attribute}.${extension}`;
    const json = (value: unknown) => Buffer.from(JSON.stringify(value ?? null), "utf8");
    const parts: Array<[string, string, Buffer]> = [
        ["openapidefinition", path("openapidefinition", "json"), Buffer.from(JSON.stringify(swagger), "utf8")],
        ["connectionparameters", path("connectionparameters", "json"), json(properties.connectionParameters ?? {})],
        ["policytemplateinstances", path("policytemplateinstances", "json"), json(properties.policyTemplateInstances)],
        ...(usesScript
            ? [
                  [
                      "customcodeblobcontent",
                      path("customcodeblobcontent", "csx"),
                      Buffer.from(files.script ?? "", "utf8"),
                  ] as [string, string, Buffer],
              ]
            : []),
        ["iconblob", path("iconblob", "Png"), files.icon],
    ];

    const info = swagger.info ?? {};
    const sourceValue = (field: string) => source.fields.find(([key]) => key === field)?.[1];
    const derived: Array<[string, string]> = [
        ["description", String(info.description ?? "")],
        ["displayname", String(info.title ?? "")],
        ["iconbrandcolor", String(properties.iconBrandColor ?? "#007ee5")],
    ];
    const scriptOperations =
        usesScript && Array.isArray(properties.scriptOperations)
            ? JSON.stringify(properties.scriptOperations)
            : undefined;
    const fields: Array<[string, string]> = [
        ["connectorid", source.id],
        ...derived,
        ["name", name],
        ["connectortype", sourceValue("connectortype") ?? "1"],
        ...(scriptOperations === undefined ? [] : [["scriptoperations", scriptOperations] as [string, string]]),
        ...parts.map(([attribute, zipPath]) => [attribute, zipPath] as [string, string]),
    ];

    const drift: string[] = [];
    for (const [field, value] of fields) {
        const written = sourceValue(field);
        if (written !== value)
            drift.push(
                `<${field}> is ${written === undefined ? "missing" : JSON.stringify(written)}; the connector sources give ${JSON.stringify(value)}`,
            );
    }
    for (const [field] of source.fields) {
        if (!fields.some(([key]) => key === field))
            drift.push(`<${field}> is not something the connector sources produce`);
    }

    return {
        fields,
        files: parts.map(([, zipPath, data]) => ({ path: zipPath.slice(1), data })),
        sourceVersion,
        drift,
    };
}

/** A copy of the swagger with info.version set, refusing numbers that JSON.parse could not keep exactly. */
function stampedSwagger(swagger: Swagger, version: string): Swagger {
    assertExactNumbers(swagger, "apiDefinition.swagger.json", (message) => new PackError(message));
    return { ...swagger, info: { ...(swagger.info ?? {}), version } };
}
