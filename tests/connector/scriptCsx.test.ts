import { readFileSync } from "node:fs";
import { join } from "node:path";
import { referencesInPkgConfig } from "../../tools/connector/customCode/monoToolchain";
import { checkScript } from "../../tools/connector/customCode/scriptCheck";
import { SCRIPT_CASES } from "../../tools/connector/customCode/scriptCases";
import { CONNECTOR_DIR } from "./fixture";

const script = readFileSync(join(CONNECTOR_DIR, "script.csx"), "utf8");

describe("script.csx under Mono", () => {
    it("compiles against the ScriptBase stand-in and passes every script case", () => {
        expect(checkScript(script)).toEqual([]);
    }, 60_000);

    it("reports the compiler's error when the script does not compile", () => {
        const broken = script.replace("Encoding.UTF8.GetString(", "Encoding.UTF8.GetText(");
        const problems = checkScript(broken, SCRIPT_CASES.slice(0, 1));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: "script.csx", pointer: "", rule: "script-csx" });
        expect(problems[0].message).toMatch(
            /^does not compile: script\.csx\(\d+,\d+\): error CS1061: Type `System\.Text\.Encoding' does not contain a definition for `GetText'/,
        );
    }, 60_000);

    it("reports the driver's words for a case the script fails", () => {
        const changed = script.replace(
            '"Give the job parameters either in job_parameters or in job_parameters_json, not in both."',
            '"Parameters given twice."',
        );
        const twice = SCRIPT_CASES.filter((testCase) => testCase.name === "RunNow rejects job parameters given twice");
        expect(checkScript(changed, twice)).toEqual([
            {
                file: "script.csx",
                pointer: "",
                rule: "script-csx",
                message:
                    'RunNow rejects job parameters given twice: response body is {"error_code":"INVALID_PARAMETER_VALUE","message":"Parameters given twice."}, ' +
                    'expected {"error_code":"INVALID_PARAMETER_VALUE","message":"Give the job parameters either in job_parameters or in job_parameters_json, not in both."}',
            },
        ]);
    }, 60_000);

    it("reports a script that forwards what it should reject", () => {
        const lenient = script.replace("if (!StrictJson.IsValid(text))", "if (text == null)");
        const comment = SCRIPT_CASES.filter(
            (testCase) => testCase.name === "RunNow rejects job_parameters_json with a trailing comma",
        );
        expect(comment).toHaveLength(1);
        expect(checkScript(lenient, comment).map((found) => found.message)).toEqual([
            "RunNow rejects job_parameters_json with a trailing comma: forwarded the request, but it should have answered itself",
        ]);
    }, 60_000);
});

describe("finding Newtonsoft.Json", () => {
    it("reads the -r: reference of Debian's pkg-config file", () => {
        const pc =
            "prefix=/usr\nexec_prefix=${prefix}\nlibdir=${exec_prefix}/lib\n\nName: Newtonsoft.Json\nLibs: -r:${libdir}/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll\n";
        expect(referencesInPkgConfig(pc)).toEqual(["/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll"]);
    });
});
