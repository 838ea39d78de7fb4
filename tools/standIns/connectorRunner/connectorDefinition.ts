import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isLoopbackHost } from "../loopback";
import { findOperation, OperationEntry, SwaggerDocument } from "../../connector/model/swaggerModel";
import { repoPath } from "../../common/repoPaths";

/** The connector as the runner needs it: the definition, the host policy and the script operations. */
export interface ConnectorDefinition {
    dir: string;
    document: SwaggerDocument;
    /** dynamichosturl's urlTemplate, e.g. https://@connectionParameters('workspaceHost'); undefined without the policy. */
    urlTemplate?: string;
    scriptOperations: string[];
}

export const DEFAULT_CONNECTOR_DIR = repoPath("connector");

interface ApiProperties {
    properties?: {
        policyTemplateInstances?: Array<{ templateId?: string; parameters?: Record<string, string> }>;
        scriptOperations?: string[];
    };
}

const cache = new Map<string, ConnectorDefinition>();

export function loadConnectorDefinition(dir: string = DEFAULT_CONNECTOR_DIR): ConnectorDefinition {
    const key = resolve(dir);
    const cached = cache.get(key);
    if (cached) return cached;
    const document = JSON.parse(readFileSync(join(key, "apiDefinition.swagger.json"), "utf8")) as SwaggerDocument;
    const properties =
        (JSON.parse(readFileSync(join(key, "apiProperties.json"), "utf8")) as ApiProperties).properties ?? {};
    const policy = (properties.policyTemplateInstances ?? []).find(
        (instance) => instance.templateId === "dynamichosturl",
    );
    const definition: ConnectorDefinition = {
        dir: key,
        document,
        urlTemplate: policy?.parameters?.["x-ms-apimTemplateParameter.urlTemplate"],
        scriptOperations: properties.scriptOperations ?? [],
    };
    cache.set(key, definition);
    return definition;
}

export function requireOperation(definition: ConnectorDefinition, operationId: string): OperationEntry {
    const entry = findOperation(definition.document, operationId);
    if (!entry) {
        const known = Object.values(definition.document.paths ?? {})
            .flatMap((item) => Object.values(item).map((operation) => operation.operationId))
            .filter((id): id is string => typeof id === "string");
        throw new RunnerInputError(`Unknown operation ${operationId}. The connector has: ${known.join(", ")}.`);
    }
    return entry;
}

/** A problem with what the caller asked for, found before any request is sent. */
export class RunnerInputError extends Error {}

/**
 * The base URL of requests, as the dynamichosturl policy builds it from the connection's host:
 * https://<host>. Plain HTTP is for the local emulator only: a host given as http://<loopback>:port,
 * or allowHttp with a loopback host.
 */
export function baseUrlFor(definition: ConnectorDefinition, host: string, allowHttp: boolean): string {
    const given = host.trim();
    if (given === "")
        throw new RunnerInputError(
            "The workspace host is empty. Give the host name, e.g. adb-1234567890123456.7.azuredatabricks.net.",
        );
    const explicitHttp = /^http:\/\/([^/]+)\/?$/i.exec(given);
    if (explicitHttp) {
        if (!isLoopbackHost(hostnameOf(explicitHttp[1]))) {
            throw new RunnerInputError(
                `Plain HTTP is only for loopback addresses (the local emulator), not ${given}. Give the host name without a scheme for https.`,
            );
        }
        return `http://${explicitHttp[1]}`;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given) || given.includes("/")) {
        throw new RunnerInputError(
            `The workspace host must be a host name without https:// and without a path, as the connection asks for it (e.g. adb-1234567890123456.7.azuredatabricks.net), not ${given}.`,
        );
    }
    if (allowHttp && !isLoopbackHost(hostnameOf(given))) {
        throw new RunnerInputError(`--allow-http is only for loopback addresses (the local emulator), not ${given}.`);
    }
    const template =
        definition.urlTemplate ?? `${definition.document.schemes?.[0] ?? "https"}://${definition.document.host ?? ""}`;
    const url = template.replace(/@connectionParameters\('[^']+'\)/g, given);
    const base = allowHttp ? url.replace(/^https:\/\//i, "http://") : url;
    const basePath = (definition.document.basePath ?? "/").replace(/\/$/, "");
    return `${base.replace(/\/$/, "")}${basePath}`;
}

/** The host name of `host[:port]` or `[ipv6]:port`. */
export function hostnameOf(hostAndPort: string): string {
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostAndPort);
    if (bracketed) return bracketed[1];
    return hostAndPort.replace(/:\d+$/, "");
}
