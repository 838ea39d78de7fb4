import { readFileSync } from "node:fs";
import { CONFORMANCE_CHECK } from "../../tools/connector/validator/conformance";
import { locateReferenceData, ReferenceData } from "../../tools/reference/referencePaths";
import { SCHEMA_CHECK } from "../../tools/connector/validator/schemaCheck";
import {
    allChecksRequired,
    formatSkipped,
    ReferenceCheck,
    referenceSkip,
    REQUIRE_ALL_CHECKS,
} from "../../tools/reference/skippedChecks";

/**
 * The third-party reference data for tests, found by the tools' own rule (REFERENCE_DIR, then
 * reference/data, then ../shared/reference). Every test that reads it is declared through a gate
 * below: with the data it runs as any test; without it jest reports it skipped under a title that
 * says "skipped: <check> (<reason>: <remedy>)", and the summary reporter lists those checks by name.
 * REQUIRE_ALL_CHECKS=1 makes a missing file a failure instead. A REFERENCE_DIR that does not exist
 * fails every file that imports this module, with the reason.
 */
const data: ReferenceData = locateReferenceData();

export function referenceData(): ReferenceData {
    return data;
}

/** The folder in use; only for tests behind a gate, which do not run without it. */
export function referenceDir(): string {
    if (data.dir === undefined)
        throw new Error(`No reference data was found; this test should be declared through needsReference(...).`);
    return data.dir;
}

/** The absolute path of one reference file, e.g. "dataverse-solutions/stripe-pcf-1.6-export/solution.xml". */
export function referenceFile(file: string): string {
    return data.path(file);
}

export function readReferenceText(file: string): string {
    return readFileSync(referenceFile(file), "utf8");
}

export function readReferenceJson<T = unknown>(file: string): T {
    return JSON.parse(readReferenceText(file)) as T;
}

const SDKGEN_JOBS = "databricks/stackql-sdkgen-2026-02/jobs.json";

/** The enum values of a schema in the Jobs API description generated from Databricks' SDK. */
export function databricksJobsEnum(schemaName: string): string[] {
    const spec = readReferenceJson<{ components: { schemas: Record<string, { enum?: string[] }> } }>(SDKGEN_JOBS);
    const values = spec.components.schemas[schemaName]?.enum;
    if (!values) throw new Error(`No enum ${schemaName} in the Databricks jobs reference`);
    return values;
}

const NBP_EXPORT = "dataverse-solutions/nbp-connector-flow-export";
const STRIPE_EXPORT = "dataverse-solutions/stripe-pcf-1.6-export";

/** The reference checks of the tests, each with the files it reads. */
export const REFERENCE_CHECKS = {
    connectorSchemas: SCHEMA_CHECK,
    newerConnectorSchema: {
        name: "connector JSON schema patches against the newer schema",
        files: [
            ...SCHEMA_CHECK.files,
            "powerplatform-connectors/newer-unverified-7e2d88f/paconn-apiProperties.schema.json",
        ],
    },
    databricksConformance: CONFORMANCE_CHECK,
    databricksRunStates: { name: "run states against Databricks' Jobs API description", files: [SDKGEN_JOBS] },
    emulatorAgainstDatabricks: {
        name: "emulator answers against Databricks' API descriptions",
        files: CONFORMANCE_CHECK.files,
    },
    flowExport: {
        name: "cloud flow against a real flow export",
        files: [
            `${NBP_EXPORT}/Workflows/Flowdlakonektorakurswwalut-8FDE32D5-CF10-ED11-B83D-000D3ADA9E5F.json`,
            `${NBP_EXPORT}/customizations.xml`,
            `${NBP_EXPORT}/solution.xml`,
            `${NBP_EXPORT}/ENTRIES.txt`,
        ],
    },
    powerPagesFlowExport: {
        name: "portal flow against Microsoft's Power Pages flow export",
        files: [
            "power-pages/power-pages-samples-cloud-flow/CloudFlowSample-RequestCallback-49563951-9A6F-F111-AB0D-000D3A3B829D.json",
        ],
    },
    solutionExports: {
        name: "solution zips against real solution exports",
        files: [
            `${STRIPE_EXPORT}/ENTRIES.txt`,
            `${STRIPE_EXPORT}/solution.xml`,
            `${STRIPE_EXPORT}/customizations.xml`,
            `${STRIPE_EXPORT}/[Content_Types].xml`,
            `${NBP_EXPORT}/ENTRIES.txt`,
            `${NBP_EXPORT}/solution.xml`,
        ],
    },
    unpackedSolutions: {
        name: "unpacked solution against real unpacked solutions",
        files: [
            "dataverse-solutions/creator-kit-unpacked/Controls/cat_PowerCAT.CommandBar/ControlManifest.xml.data.xml",
            "dataverse-solutions/coe-starter-kit-unpacked-connector/Connectors/admin_5Foffice-20365-20management-20api.xml",
        ],
    },
} satisfies Record<string, ReferenceCheck>;

type TestBody = jest.ProvidesCallback;

/** describe/test/it that run when the check's reference files are here, and are skipped (and named) when not. */
export interface ReferenceGate {
    readonly available: boolean;
    describe(name: string, body: () => void): void;
    test(name: string, body: TestBody, timeout?: number): void;
    it(name: string, body: TestBody, timeout?: number): void;
}

/** The title of a test or describe that cannot run here; tests/support/summaryReporter.cjs reads the notice back from it. */
export function skippedTitle(name: string, notice: string): string {
    return `${name} — ${notice}`;
}

export function needsReference(
    check: ReferenceCheck,
    reference: ReferenceData = data,
    env: NodeJS.ProcessEnv = process.env,
): ReferenceGate {
    const skip = referenceSkip(check, reference);
    if (skip === undefined) {
        return {
            available: true,
            describe: (name, body) => describe(name, body),
            test: (name, body, timeout) => test(name, body, timeout),
            it: (name, body, timeout) => test(name, body, timeout),
        };
    }
    const notice = formatSkipped(skip);
    if (allChecksRequired(env)) {
        const fail = () => {
            throw new Error(`${REQUIRE_ALL_CHECKS} is set, and this check cannot run: ${notice}`);
        };
        const required = (name: string) => test(`${name} — cannot run`, fail);
        return {
            available: false,
            describe: (name) => describe(name, () => required("reference data")),
            test: required,
            it: required,
        };
    }
    const skipped = (name: string, body: TestBody, timeout?: number) =>
        test.skip(skippedTitle(name, notice), body, timeout);
    return {
        available: false,
        describe: (name, body) => describe.skip(skippedTitle(name, notice), body),
        test: skipped,
        it: skipped,
    };
}
