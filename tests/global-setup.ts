// Filled in by the cloud test harness: starts one embedded PostgreSQL for the run.
export default async function setup(): Promise<void> {}
