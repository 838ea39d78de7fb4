import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The connector as the validator sees it: parsed JSON files, the icon's bytes and the texts. */
export interface ConnectorFiles {
    apiDefinition: unknown;
    apiProperties: unknown;
    settings: unknown;
    icon: Buffer | undefined;
    script: string | undefined;
    readme: string | undefined;
}

export const FILE = {
    apiDefinition: "apiDefinition.swagger.json",
    apiProperties: "apiProperties.json",
    settings: "settings.json",
    icon: "icon.png",
    script: "script.csx",
    readme: "README.md",
} as const;

export class ConnectorLoadError extends Error {
    constructor(
        readonly file: string,
        message: string,
    ) {
        super(message);
    }
}

export function loadConnector(dir: string): ConnectorFiles {
    const readText = (name: string): string | undefined => {
        const path = join(dir, name);
        return existsSync(path) ? readFileSync(path, "utf8") : undefined;
    };
    const readJson = (name: string): unknown => {
        const text = readText(name);
        if (text === undefined) throw new ConnectorLoadError(name, "the file is missing");
        try {
            return JSON.parse(text);
        } catch (error) {
            throw new ConnectorLoadError(name, `the file is not valid JSON: ${(error as Error).message}`);
        }
    };
    const iconPath = join(dir, FILE.icon);
    return {
        apiDefinition: readJson(FILE.apiDefinition),
        apiProperties: readJson(FILE.apiProperties),
        settings: readJson(FILE.settings),
        icon: existsSync(iconPath) ? readFileSync(iconPath) : undefined,
        script: readText(FILE.script),
        readme: readText(FILE.readme),
    };
}
