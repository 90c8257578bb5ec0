-- Several Patchrun instances on one database (PostgreSQL): a pipeline runs only under its lease, which the instance
-- running it renews while the run goes and deletes when it ends. A lease whose EXPIRES_AT passed belongs to an instance
-- that died; another instance then puts that instance's runs and rollovers to rest and may run the pipeline again.
CREATE TABLE PATCHRUN_RUN_LEASE (
  PIPELINE VARCHAR(100) NOT NULL PRIMARY KEY,
  HOLDER VARCHAR(200) NOT NULL,
  RUN_ID BIGINT,
  TAKEN_AT TIMESTAMP WITH TIME ZONE NOT NULL,
  EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX PATCHRUN_RUN_LEASE_BY_HOLDER ON PATCHRUN_RUN_LEASE (HOLDER, EXPIRES_AT);

-- The instance that queued a run, and that journaled a rollover: recovery touches only those of instances without a
-- live lease. Empty in rows written before: those are left over from the one instance that used the database then.
ALTER TABLE PATCHRUN_RUN ADD COLUMN INSTANCE_ID VARCHAR(200);
ALTER TABLE PATCHRUN_ROLLOUT ADD COLUMN INSTANCE_ID VARCHAR(200);
