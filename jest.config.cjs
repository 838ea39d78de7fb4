/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/TriggerControl", "<rootDir>/tests"],
    testMatch: ["**/*.test.ts", "**/*.test.tsx"],
    transform: {
        "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
    },
    setupFilesAfterEnv: ["<rootDir>/tests/support/jestSetup.ts"],
    reporters: ["default", "<rootDir>/tests/support/summaryReporter.cjs"],
    restoreMocks: true,
};
