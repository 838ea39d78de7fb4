import { FILE } from "../model/connectorFiles";
import { formatPowerFxSignature, powerFxCallsIn, powerFxSignature } from "./powerFx";
import { problem, Problem } from "../model/problem";
import { operationsOf, SwaggerDocument } from "../model/swaggerModel";

/** The sections of the readme form of Microsoft's PowerPlatformConnectors repository. */
const REQUIRED_SECTIONS = [
    /^## Publisher: \S/m,
    /^## Prerequisites$/m,
    /^## Supported operations$/im,
    /^## Obtaining credentials$/im,
    /^## Getting started$/im,
    /^## Known issues and limitations$/im,
];

export function checkReadme(readme: string | undefined, document: SwaggerDocument): Problem[] {
    if (readme === undefined) return [problem(FILE.readme, "", "readme", "is missing")];
    const found = REQUIRED_SECTIONS.filter((section) => !section.test(readme)).map((section) =>
        problem(FILE.readme, "", "readme", `needs the section ${section.source.replace(/^\^|\$$|\\S$/g, "").trim()}`),
    );
    for (const { operation } of operationsOf(document)) {
        if (operation.operationId && !readme.includes(`\`${operation.operationId}\``)) {
            found.push(problem(FILE.readme, "", "readme", `does not describe the operation ${operation.operationId}`));
        }
    }
    found.push(...checkPowerFxCalls(readme, document));
    for (const topic of [
        "user_impersonation",
        "AzureDatabricks",
        "admin consent",
        "Redirect URL",
        "paconn",
        "pac connector",
    ]) {
        if (!readme.includes(topic)) found.push(problem(FILE.readme, "", "readme", `must explain ${topic}`));
    }
    return found;
}

/** Every DatabricksJobs call a text shows must fit the definition, so makers can paste it. */
export function checkPowerFxCalls(text: string, document: SwaggerDocument, file: string = FILE.readme): Problem[] {
    return powerFxCallsIn(text).flatMap((call) => {
        const line = text.slice(0, call.index).split("\n").length;
        const report = (message: string) => [problem(file, `/line/${line}`, "readme-power-fx", message)];
        const signature = powerFxSignature(document, call.operationId);
        if (!signature) return report(`${call.operationId} is not an operation of the connector`);
        if (call.positional !== signature.required.length) {
            return report(
                `${call.operationId} takes ${signature.required.length} positional argument(s), as in ${formatPowerFxSignature(signature)}`,
            );
        }
        const unknown = call.recordFields.filter((field) => !signature.optional.includes(field));
        return unknown.length > 0 ? report(`${call.operationId} has no optional parameter ${unknown.join(", ")}`) : [];
    });
}
