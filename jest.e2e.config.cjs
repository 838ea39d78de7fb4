/** Browser tests: the production control in pcf-start's harness, in Debian's Chromium. */
/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests/e2e"],
    testMatch: ["**/*.e2e.ts"],
    transform: {
        "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
    },
    testTimeout: 120_000,
    maxWorkers: 1,
    reporters: ["default", "<rootDir>/tests/support/summaryReporter.cjs"],
};
