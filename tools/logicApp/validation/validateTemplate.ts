import { isObject } from "../../common/objects";
import { repoPath } from "../../common/repoPaths";
import { loadConnector } from "../../connector/model/connectorFiles";
import { formatProblem, Problem, problem } from "../../connector/model/problem";
import { SwaggerDocument } from "../../connector/model/swaggerModel";
import { ReferenceData } from "../../reference/referencePaths";
import { referenceSkip, SkippedCheck } from "../../reference/skippedChecks";
import { unescapeArmLiterals } from "../template/armExpressions";
import { ArmTemplate, RESOURCE } from "../template/armTemplate";
import { TEMPLATE_FILE } from "../template/writeTemplate";
import { checkArmExpressions } from "./armExpressionCheck";
import { ARM_SCHEMA_CHECK, checkArmSchemas } from "./armSchemaCheck";
import { checkApiConnections, checkSwaggerMatchesConnector } from "./connectorChecks";
import { checkWorkflowExpressions } from "./workflowChecks";

/**
 * Validates a Logic Apps twin template: against the reference ARM schemas when the reference data
 * is there (skipped by name otherwise), and always against the connector (swagger, operations,
 * required parameters) and the expression languages (ARM's and the workflow's). Each problem names
 * the template file and the JSON pointer of what is wrong.
 */

export interface TemplateValidationOptions {
    referenceData: ReferenceData;
    /** The connector the template was generated from; connector/ by default. */
    connectorDir?: string;
    /** The file name problems carry; azuredeploy.json by default. */
    file?: string;
}

export interface TemplateValidation {
    problems: Problem[];
    skipped: SkippedCheck[];
}

export function validateLogicAppTemplate(
    template: ArmTemplate,
    options: TemplateValidationOptions,
): TemplateValidation {
    const file = options.file ?? TEMPLATE_FILE;
    const connectorSwagger = loadConnector(options.connectorDir ?? repoPath("connector"))
        .apiDefinition as SwaggerDocument;
    const problems: Problem[] = [];
    const skipped: SkippedCheck[] = [];

    const skip = referenceSkip(ARM_SCHEMA_CHECK, options.referenceData);
    if (skip) skipped.push(skip);
    else problems.push(...checkArmSchemas(template, file, options.referenceData));

    problems.push(...checkArmExpressions(template, file));
    const resources = Array.isArray(template.resources) ? template.resources : [];
    const indexOf = (type: string) => resources.findIndex((resource) => isObject(resource) && resource.type === type);
    const customApi = indexOf(RESOURCE.customApi.type);
    const workflow = indexOf(RESOURCE.workflow.type);
    for (const [index, type] of [
        [customApi, RESOURCE.customApi.type],
        [indexOf(RESOURCE.connection.type), RESOURCE.connection.type],
        [workflow, RESOURCE.workflow.type],
    ] as const) {
        if (index < 0)
            problems.push(problem(file, "/resources", "template-resources", `the template has no ${type} resource`));
    }
    if (customApi < 0 || workflow < 0) return { problems, skipped };

    const swaggerPointer = `/resources/${customApi}/properties/swagger`;
    const templateSwagger = resources[customApi].properties?.swagger;
    problems.push(...checkSwaggerMatchesConnector(templateSwagger, connectorSwagger, swaggerPointer, file));
    const definitionPointer = `/resources/${workflow}/properties/definition`;
    const definition = resources[workflow].properties?.definition;
    problems.push(...checkWorkflowExpressions(definition, definitionPointer, file));
    if (isObject(templateSwagger))
        problems.push(
            ...checkApiConnections(
                definition,
                unescapeArmLiterals(templateSwagger) as SwaggerDocument,
                definitionPointer,
                file,
            ),
        );
    return { problems, skipped };
}

export { formatProblem };
