/** The Logic Apps twin's template: generate it, write it, and resolve its workflow for the local host. */
export { generateLogicAppTemplate, PORTAL_FLOW_ID } from "./generate";
export type { GenerateOptions, GeneratedTemplate } from "./generate";
export { workflowForLocalHost, LOCAL_SCOPE, LocalDeploymentError } from "./localHost";
export type { AccessPolicy, LocalDeploymentValues, LocalLogicApp } from "./localHost";
export {
    writeLogicAppTemplate,
    LOGIC_APP_OUTPUT_DIR,
    TEMPLATE_FILE,
    PARAMETERS_EXAMPLE_FILE,
    templateText,
} from "./writeTemplate";
export { TemplateGenerationError } from "./errors";
export { PARAMETER, RESOURCE, WORKFLOW, TRIGGER_INVOKE_API_VERSION } from "./armTemplate";
export type { ArmTemplate, ArmResource, ArmParameter, ArmOutput } from "./armTemplate";
