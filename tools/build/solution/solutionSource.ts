import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { EnvironmentVariableDefinition, readEnvironmentVariableDefinitions } from "./environmentVariables";
import { PackError } from "./errors";
import {
    bareGuid,
    ConnectionReferenceSource,
    readConnectionReferences,
    readWorkflowSources,
    WorkflowSource,
} from "./workflowSource";
import { attributeOf, childElements, onlyChild, parseXml, textOf } from "./xml";

/** Root component types (solutioncomponent.componenttype) this solution holds. */
export const COMPONENT_TYPE = { workflow: 29, customControl: 66, connector: 372 } as const;

/** Environment variable definitions: a component type, but never a root component of an export. */
const ENVIRONMENT_VARIABLE_DEFINITION_TYPE = 380;

/** The hand-written SolutionPackager source under solution/src, read and checked. */
export interface SolutionSource {
    dir: string;
    /** Other/Solution.xml as parsed; the packer stamps the version and managed flag into a copy. */
    solutionXml: string;
    customizationsXml: string;
    uniqueName: string;
    sourceVersion: string;
    publisherPrefix: string;
    /** schemaName of the type-66 root component: `<prefix>_<manifest namespace>.<constructor>`. */
    controlName: string;
    connector: ConnectorSource;
    /** The cloud flows (type-29 root components), from Workflows/. */
    workflows: WorkflowSource[];
    /** The connection references of Other/Customizations.xml. */
    connectionReferences: ConnectionReferenceSource[];
    /** environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml, by schema name. */
    environmentVariables: EnvironmentVariableDefinition[];
}

/** Connectors/<name>.xml: the `<Connector>` node as `pac solution unpack` keeps it. */
export interface ConnectorSource {
    file: string;
    /** The element values in document order (connectorid, description, displayname, ...). */
    fields: Array<[string, string]>;
    id: string;
    name: string;
}

const SOLUTION_FILE = join("Other", "Solution.xml");
const CUSTOMIZATIONS_FILE = join("Other", "Customizations.xml");

export function readSolutionSource(dir: string): SolutionSource {
    const solutionPath = join(dir, SOLUTION_FILE);
    const customizationsPath = join(dir, CUSTOMIZATIONS_FILE);
    for (const path of [solutionPath, customizationsPath]) {
        if (!existsSync(path)) throw new PackError(`The solution source is incomplete: ${path} is missing.`);
    }
    const solutionXml = readFileSync(solutionPath, "utf8");
    const customizationsXml = readFileSync(customizationsPath, "utf8");
    const manifest = onlyChild(parseXml(solutionXml, solutionPath).root(), "SolutionManifest", solutionPath);
    const text = (parent: XMLBuilder, name: string) => textOf(onlyChild(parent, name, solutionPath));

    const uniqueName = text(manifest, "UniqueName");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(uniqueName)) {
        throw new PackError(
            `${solutionPath}: UniqueName "${uniqueName}" may hold only letters, digits and underscores.`,
        );
    }
    const publisher = onlyChild(manifest, "Publisher", solutionPath);
    const publisherPrefix = text(publisher, "CustomizationPrefix");
    if (!/^[a-z][a-z0-9]{1,7}$/.test(publisherPrefix) || publisherPrefix.startsWith("mscrm")) {
        throw new PackError(
            `${solutionPath}: CustomizationPrefix "${publisherPrefix}" must be 2-8 lower-case letters or digits, starting with a letter, and not "mscrm".`,
        );
    }
    const optionValuePrefix = Number(text(publisher, "CustomizationOptionValuePrefix"));
    if (!Number.isInteger(optionValuePrefix) || optionValuePrefix < 10000 || optionValuePrefix > 99999) {
        throw new PackError(
            `${solutionPath}: CustomizationOptionValuePrefix must be a whole number from 10000 to 99999.`,
        );
    }

    const roots = childElements(onlyChild(manifest, "RootComponents", solutionPath), "RootComponent");
    const ofType = (type: number) => roots.filter((root) => attributeOf(root, "type") === String(type));
    const variableRoots = ofType(ENVIRONMENT_VARIABLE_DEFINITION_TYPE);
    if (variableRoots.length > 0) {
        throw new PackError(
            `${solutionPath}: remove the root component of type 380 "${attributeOf(variableRoots[0], "schemaName") ?? ""}". Dataverse exports list no environment variable ` +
                "definition among the root components; the folder environmentvariabledefinitions/<schemaname>/ alone puts one in the solution.",
        );
    }
    const controls = ofType(COMPONENT_TYPE.customControl);
    const connectors = ofType(COMPONENT_TYPE.connector);
    const workflowRoots = ofType(COMPONENT_TYPE.workflow);
    if (controls.length !== 1 || connectors.length !== 1 || roots.length !== 2 + workflowRoots.length) {
        throw new PackError(
            `${solutionPath}: expected one root component of type 66 (the control), one of type 372 (the connector) and any number of type 29 (cloud flows); ` +
                `found ${roots.length} (${controls.length} of type 66, ${connectors.length} of type 372, ${workflowRoots.length} of type 29).`,
        );
    }
    const controlName = attributeOf(controls[0], "schemaName") ?? "";
    if (!controlName.startsWith(`${publisherPrefix}_`)) {
        throw new PackError(
            `${solutionPath}: the control's schemaName "${controlName}" must start with the publisher prefix "${publisherPrefix}_".`,
        );
    }
    const connectorRootId = (attributeOf(connectors[0], "id") ?? "").replace(/^\{|\}$/g, "").toLowerCase();
    const connectorRootName = attributeOf(connectors[0], "schemaName") ?? "";

    const connector = readConnectorSource(dir, connectorRootName);
    if (connector.id !== connectorRootId) {
        throw new PackError(
            `${solutionPath}: the connector root component's id {${connectorRootId}} differs from <connectorid> ${connector.id} in ${connector.file}.`,
        );
    }
    if (!connector.name.startsWith(`${publisherPrefix}_`)) {
        throw new PackError(
            `${connector.file}: the connector name "${connector.name}" must start with the publisher prefix "${publisherPrefix}_".`,
        );
    }
    const customizations = parseXml(customizationsXml, customizationsPath).root();
    const connectionReferences = readConnectionReferences(customizations, customizationsPath);
    const workflowIds = workflowRoots.map((root) => bareGuid(attributeOf(root, "id")));
    const workflows = readWorkflowSources(dir, workflowIds, connectionReferences, publisherPrefix, connector);
    const environmentVariables = readEnvironmentVariableDefinitions(dir, publisherPrefix);
    return {
        dir,
        solutionXml,
        customizationsXml,
        uniqueName,
        sourceVersion: text(manifest, "Version"),
        publisherPrefix,
        controlName,
        connector,
        workflows,
        connectionReferences,
        environmentVariables,
    };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function readConnectorSource(dir: string, name: string): ConnectorSource {
    const connectorsDir = join(dir, "Connectors");
    const file = join(connectorsDir, `${name}.xml`);
    if (!existsSync(file)) {
        const present = existsSync(connectorsDir)
            ? readdirSync(connectorsDir).filter((entry) => entry.endsWith(".xml"))
            : [];
        throw new PackError(
            `The connector root component "${name}" has no ${file}` +
                (present.length ? ` (found: ${present.join(", ")}).` : "."),
        );
    }
    const root = parseXml(readFileSync(file, "utf8"), file).root();
    if (root.node.nodeName !== "Connector") throw new PackError(`${file}: the root element must be <Connector>.`);
    const fields: Array<[string, string]> = [];
    root.each(
        (child) => {
            if (child.node.nodeType === 1) fields.push([child.node.nodeName, textOf(child)]);
        },
        false,
        false,
    );
    const value = (field: string) => fields.find(([key]) => key === field)?.[1] ?? "";
    const id = value("connectorid").toLowerCase();
    if (!GUID.test(id)) throw new PackError(`${file}: <connectorid> "${value("connectorid")}" is not a GUID.`);
    if (value("name") !== name) {
        throw new PackError(
            `${file}: <name> "${value("name")}" differs from the root component's schemaName "${name}".`,
        );
    }
    return { file, fields, id, name };
}
