import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { command, EXIT, runAsProcess } from "../../common/cli";
import { drawIcon, encodeIcon } from "./icon";

/** `npm run connector:icon`: draws connector/icon.png in the brand colour of apiProperties.json. */
export const main = command({
    name: "connector:icon",
    usage: "Usage: npm run connector:icon",
    options: {},
    run(_commandLine, context) {
        const connectorDir = join(context.rootDir, "connector");
        const apiProperties = JSON.parse(readFileSync(join(connectorDir, "apiProperties.json"), "utf8")) as {
            properties: { iconBrandColor: string };
        };
        const target = join(connectorDir, "icon.png");
        writeFileSync(target, encodeIcon(drawIcon(apiProperties.properties.iconBrandColor)));
        context.stdout(`Wrote ${target}\n`);
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
