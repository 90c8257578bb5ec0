-- Versions built and smoke-tested outside their pipeline's maintenance window: ready to roll out, one per
-- image (a newer build replaces an older one), until the window opens and a run rolls them out.
CREATE TABLE PATCHRUN_READY (
  IMAGE VARCHAR(300) NOT NULL PRIMARY KEY,
  PIPELINE VARCHAR(100) NOT NULL,
  TAG VARCHAR(200) NOT NULL,
  RUN_ID BIGINT NOT NULL,
  SINCE TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX PATCHRUN_READY_BY_PIPELINE ON PATCHRUN_READY (PIPELINE, IMAGE);
