import { isObject } from "../../../common/objects";
import { invalidParameter } from "../apiError";
import { boolQuery, Handler, idOf, idQuery, intQuery, page } from "./apiRequest";

/** The Jobs API 2.2 operations the connector calls. */

const RUN_TYPES = ["JOB_RUN", "WORKFLOW_RUN", "SUBMIT_RUN"];

export const listJobs: Handler = ({ query }, { jobs }) => {
    const limit = intQuery(query, "limit", 20, 0, 100);
    const name = query.get("name") ?? undefined;
    const expand = boolQuery(query, "expand_tasks");
    const all = [...jobs.jobs.values()]
        .filter((job) => name === undefined || job.spec.name === name)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    return page(all, limit === 0 ? 20 : limit, query.get("page_token"), "jobs", (job) => jobs.describeJob(job, expand));
};

export const getJob: Handler = ({ query }, { jobs }) =>
    jobs.describeJob(jobs.requireJob(idQuery(query, "job_id")), true);

export const runNow: Handler = ({ body, user }, { jobs }) => {
    const request = body();
    const jobId = idOf(request.job_id, "job_id");
    const parameters = request.job_parameters;
    if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
        throw invalidParameter("job_parameters must be a map of parameter names to string values.");
    }
    const token = request.idempotency_token;
    if (token !== undefined && (typeof token !== "string" || token.length > 64)) {
        throw invalidParameter("idempotency_token must be a string of at most 64 characters.");
    }
    return jobs.runNow({
        jobId,
        jobParameters: (parameters ?? undefined) as Record<string, string> | undefined,
        idempotencyToken: token as string | undefined,
        user,
    });
};

export const getRun: Handler = ({ query }, { jobs }) => jobs.getRun(idQuery(query, "run_id"));

export const getRunOutput: Handler = ({ query }, { jobs }) => jobs.getRunOutput(idQuery(query, "run_id"));

export const cancelRun: Handler = ({ body }, { jobs }) => {
    jobs.cancelRun(idOf(body().run_id, "run_id"));
    return {};
};

export const listRuns: Handler = ({ query }, { jobs }) => {
    const limit = intQuery(query, "limit", 20, 0, 25);
    const jobIdText = query.get("job_id");
    const runType = query.get("run_type") ?? undefined;
    if (runType !== undefined && !RUN_TYPES.includes(runType)) {
        throw invalidParameter(`Invalid run_type: ${runType}`);
    }
    const expand = boolQuery(query, "expand_tasks");
    const runs = jobs.listRuns({
        jobId: jobIdText === null ? undefined : idQuery(query, "job_id"),
        activeOnly: boolQuery(query, "active_only"),
        completedOnly: boolQuery(query, "completed_only"),
        runType,
        startTimeFrom: query.has("start_time_from") ? Number(idQuery(query, "start_time_from")) : undefined,
        startTimeTo: query.has("start_time_to") ? Number(idQuery(query, "start_time_to")) : undefined,
        expandTasks: expand,
    });
    return page(runs, limit === 0 ? 25 : limit, query.get("page_token"), "runs", (run) =>
        jobs.describeRun(run, expand),
    );
};
