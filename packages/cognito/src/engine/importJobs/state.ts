/**
 * User import jobs (CreateUserImportJob …), kept in a collection of their own ("cognito-import-jobs")
 * beside the user pools': a job's record changes at each step of its run, and its uploaded CSV file
 * is journaled once, apart from it.
 */

/** UserImportJobStatusType. */
export type ImportJobStatus = "Created" | "Pending" | "InProgress" | "Stopping" | "Expired" | "Stopped" | "Failed" | "Succeeded";

export interface ImportJob {
  poolId: string;
  jobId: string;
  jobName: string;
  roleArn: string;
  created: number;
  started?: number;
  completed?: number;
  status: ImportJobStatus;
  imported: number;
  skipped: number;
  failed: number;
  completionMessage?: string;
  /** The presigned URL's signing secret (its X-Amz-Signature is an HMAC under it). */
  uploadKey: string;
  /** The URL's X-Amz-Date, as milliseconds. */
  signedAt: number;
  /** The data line (1-based, after the header) the run goes on from: a restarted sandbox resumes there. */
  nextLine?: number;
}

export interface ImportJobsState {
  /** "<poolId>/<jobId>" → job, in creation order. */
  jobs: Map<string, ImportJob>;
  /** "<poolId>/<jobId>" → the CSV file uploaded to the job's PreSignedUrl. */
  files: Map<string, string>;
}

export type ImportJobRecord =
  | { t: "job"; job: ImportJob }
  | { t: "file"; poolId: string; jobId: string; csv: string }
  | { t: "dropFile"; poolId: string; jobId: string }
  | { t: "deleteJobs"; poolId: string };

export const jobKey = (poolId: string, jobId: string): string => `${poolId}/${jobId}`;

interface Snapshot {
  jobs: ImportJob[];
  files: Array<{ poolId: string; jobId: string; csv: string }>;
}

export function applyImportRecord(state: ImportJobsState, r: ImportJobRecord): void {
  switch (r.t) {
    case "job":
      state.jobs.set(jobKey(r.job.poolId, r.job.jobId), r.job);
      return;
    case "file":
      state.files.set(jobKey(r.poolId, r.jobId), r.csv);
      return;
    case "dropFile":
      state.files.delete(jobKey(r.poolId, r.jobId));
      return;
    case "deleteJobs":
      for (const [key, job] of state.jobs) {
        if (job.poolId !== r.poolId) continue;
        state.jobs.delete(key);
        state.files.delete(key);
      }
      return;
  }
}

export const importJobsCodec = {
  empty: (): ImportJobsState => ({ jobs: new Map(), files: new Map() }),
  toSnapshot: (state: ImportJobsState): Snapshot => ({
    jobs: [...state.jobs.values()],
    files: [...state.files].map(([key, csv]) => {
      const slash = key.indexOf("/");
      return { poolId: key.slice(0, slash), jobId: key.slice(slash + 1), csv };
    }),
  }),
  fromSnapshot: (json: unknown): ImportJobsState => {
    const snapshot = json as Partial<Snapshot>;
    const state = importJobsCodec.empty();
    for (const job of snapshot.jobs ?? []) applyImportRecord(state, { t: "job", job });
    for (const file of snapshot.files ?? []) applyImportRecord(state, { t: "file", ...file });
    return state;
  },
  apply: (state: ImportJobsState, record: ImportJobRecord): void => applyImportRecord(state, record),
};
