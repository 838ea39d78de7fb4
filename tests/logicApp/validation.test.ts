import { formatProblem } from "../../tools/connector/model/problem";
import { generateLogicAppTemplate } from "../../tools/logicApp/template";
import type { ArmTemplate } from "../../tools/logicApp/template";
import {
    ARM_SCHEMA_CHECK,
    ARM_SCHEMA_PATCHES,
    LOGIC_POLICIES_LEVEL,
    validateLogicAppTemplate,
} from "../../tools/logicApp/validation";
import { ReferenceData } from "../../tools/reference/referencePaths";
import { needsReference, referenceData } from "../support/reference";
import { checkArmSchemas } from "../../tools/logicApp/validation/armSchemaCheck";

/** What JSON.parse gives: the template is read as the JSON it is. */
type ParsedJson = ReturnType<typeof JSON.parse>;
/** Validation of the generated template, and what it says about a broken one: the JSON pointer of each problem. */

const generated = generateLogicAppTemplate().template;
const copy = (): ArmTemplate => JSON.parse(JSON.stringify(generated)) as ArmTemplate;
const definitionOf = (template: ArmTemplate) => template.resources[2].properties.definition as ParsedJson;
const GET_JOB =
    "/resources/2/properties/definition/actions/If_the_request_is_valid/actions/If_describe_or_start/actions/If_the_job_is_allowed/actions/If_describe/actions/Get_job";
const getJob = (template: ArmTemplate) =>
    definitionOf(template).actions.If_the_request_is_valid.actions.If_describe_or_start.actions.If_the_job_is_allowed
        .actions.If_describe.actions.Get_job;

/** The checks that need no reference data. */
const localProblems = (template: ArmTemplate) =>
    validateLogicAppTemplate(template, { referenceData: ReferenceData.none() }).problems.map(formatProblem);

describe("the checks that always run", () => {
    it("find nothing wrong with the generated template, and name the schema check they skipped", () => {
        const result = validateLogicAppTemplate(generated, { referenceData: ReferenceData.none() });
        expect(result.problems.map(formatProblem)).toEqual([]);
        expect(result.skipped.map((check) => check.name)).toEqual([ARM_SCHEMA_CHECK.name]);
    });

    it("a parameter the template no longer declares", () => {
        const template = copy();
        delete (template.parameters as Record<string, unknown>).portalAudience;
        expect(localProblems(template)).toEqual([
            "azuredeploy.json#/resources/2/properties/accessControl/triggers/openAuthenticationPolicies/policies/portalUsers/claims/1/value [arm-parameter] parameters('portalAudience') refers to no declared template parameter",
        ]);
    });

    it("an ARM expression that does not parse, or calls no ARM function", () => {
        const template = copy();
        template.resources[1].name = "[parameters('connectionName']";
        template.resources[0].location = "[resourceGroupp().location]";
        expect(localProblems(template)).toEqual([
            expect.stringMatching(
                /^azuredeploy\.json#\/resources\/0\/location \[arm-expression\] resourceGroupp\(\) is not an ARM template function$/,
            ),
            expect.stringMatching(
                /^azuredeploy\.json#\/resources\/1\/name \[arm-expression\] the ARM expression does not parse: expected "\)"/,
            ),
        ]);
    });

    it("an ApiConnection path the swagger does not have", () => {
        const template = copy();
        getJob(template).inputs.path = "/api/2.2/jobs/gets";
        expect(localProblems(template)).toEqual([
            `azuredeploy.json#${GET_JOB}/inputs/path [api-connection-path] Get_job: GET /api/2.2/jobs/gets is no operation of the custom API's swagger`,
        ]);
    });

    it("a missing required parameter, and a query the operation does not have", () => {
        const template = copy();
        getJob(template).inputs.queries = { jobid: "@outputs('Inputs')?['job_id']" };
        expect(localProblems(template)).toEqual([
            `azuredeploy.json#${GET_JOB}/inputs/queries [api-connection-required] Get_job: GetJob requires the query parameter "job_id"`,
            `azuredeploy.json#${GET_JOB}/inputs/queries/jobid [api-connection-parameter] Get_job: GetJob has no query parameter "jobid"`,
        ]);
    });

    it("a RunNow body that leaves out its required job_id", () => {
        const template = copy();
        const runNow = getJob(template);
        runNow.inputs = {
            ...runNow.inputs,
            method: "post",
            path: "/api/2.2/jobs/run-now",
            queries: undefined,
            body: "@addProperty(json('{}'), 'idempotency_token', 'x')",
        };
        expect(localProblems(template)).toEqual([
            `azuredeploy.json#${GET_JOB}/inputs/body [api-connection-required] Get_job: RunNow requires the body field "job_id"`,
        ]);
    });

    it("a workflow expression that does not parse, an unknown function, an action that does not exist", () => {
        const template = copy();
        const actions = definitionOf(template).actions;
        actions.Inputs.inputs.action = "@string(coalesce(triggerBody()?['action'], '')";
        actions.Inputs.inputs.job_id = "@strings(triggerBody()?['job_id'])";
        actions.Parse_parameters.inputs = "@json(outputs('Input')?['parameters'])";
        expect(localProblems(template)).toEqual([
            expect.stringMatching(
                /^azuredeploy\.json#\/resources\/2\/properties\/definition\/actions\/Inputs\/inputs\/action \[workflow-expression\] the expression does not parse/,
            ),
            "azuredeploy.json#/resources/2/properties/definition/actions/Inputs/inputs/job_id [workflow-function] strings() is not a workflow expression function",
            "azuredeploy.json#/resources/2/properties/definition/actions/Parse_parameters/inputs [workflow-reference] outputs('Input') names no action of the workflow",
        ]);
    });

    it("a swagger that drifted from the connector's", () => {
        const template = copy();
        const swagger = template.resources[0].properties.swagger as ParsedJson;
        swagger.paths["/api/2.2/jobs/get"].get.summary = "Changed by hand";
        swagger.host = "adb-1.1.azuredatabricks.net";
        expect(localProblems(template)).toEqual([
            "azuredeploy.json#/resources/0/properties/swagger/host [swagger-host] the host must be [parameters('workspaceHost')]",
            "azuredeploy.json#/resources/0/properties/swagger/paths/~1api~12.2~1jobs~1get/get/summary [swagger-matches-connector] differs from connector/apiDefinition.swagger.json",
        ]);
    });
});

const schemas = needsReference(ARM_SCHEMA_CHECK);

schemas.describe("against the reference ARM schemas", () => {
    const data = referenceData();
    const policyOf = (template: ArmTemplate) =>
        (template.resources[2].properties.accessControl as ParsedJson).triggers.openAuthenticationPolicies.policies
            .portalUsers;

    it("the generated template is valid, resource by resource", () => {
        const result = validateLogicAppTemplate(generated, { referenceData: data });
        expect(result.skipped).toEqual([]);
        expect(result.problems.map(formatProblem)).toEqual([]);
    });

    it("a claim that is no string, an unknown policy type and an unknown api type are found where they are", () => {
        const template = copy();
        policyOf(template).type = "Basic";
        policyOf(template).claims[0].value = 42;
        template.resources[0].properties.apiType = "Graph";
        const problems = checkArmSchemas(template, "azuredeploy.json", data).map(formatProblem);
        const policy =
            "azuredeploy.json#/resources/2/properties/accessControl/triggers/openAuthenticationPolicies/policies/portalUsers";
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    /^azuredeploy\.json#\/resources\/0\/properties\/apiType \[schema:Microsoft\.Web\/customApis@2016-06-01\]/,
                ),
                expect.stringContaining(`${policy}/type [schema:Microsoft.Logic/workflows@2019-05-01]`),
                `${policy}/claims/0/value [schema:Microsoft.Logic/workflows@2019-05-01] must be string`,
            ]),
        );
    });

    it("a resource without its name fails the envelope's resourceBase", () => {
        const template = copy();
        delete (template.resources[1] as Partial<ArmTemplate["resources"][number]>).name;
        expect(checkArmSchemas(template, "azuredeploy.json", data).map(formatProblem)).toContain(
            "azuredeploy.json#/resources/1 [schema:deploymentTemplate] must have required property 'name'",
        );
    });

    it("without the policies-level patch the claims would go unchecked", () => {
        const template = copy();
        policyOf(template).claims[0].value = 42;
        const withoutPatch = ARM_SCHEMA_PATCHES.filter((patch) => patch !== LOGIC_POLICIES_LEVEL);
        expect(checkArmSchemas(template, "azuredeploy.json", data, withoutPatch)).toEqual([]);
        expect(checkArmSchemas(template, "azuredeploy.json", data)).not.toEqual([]);
    });
});
