import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { drawIcon, encodeIcon } from "./icon";
import { repoPath } from "../../common/repoPaths";

/** `npm run connector:icon`: draws connector/icon.png in the brand colour of apiProperties.json. */
const connectorDir = repoPath("connector");
const apiProperties = JSON.parse(readFileSync(join(connectorDir, "apiProperties.json"), "utf8")) as {
    properties: { iconBrandColor: string };
};
const target = join(connectorDir, "icon.png");
writeFileSync(target, encodeIcon(drawIcon(apiProperties.properties.iconBrandColor)));
console.log(`Wrote ${target}`);
