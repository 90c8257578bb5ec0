-- The run a resumed run continues (it keeps its own record as it ended).
ALTER TABLE PATCHRUN_RUN ADD COLUMN RESUMES BIGINT;

-- The upstream base digests a run checked before it planned, and why a check failed.
CREATE TABLE PATCHRUN_RUN_BASE (
  RUN_ID BIGINT NOT NULL,
  REF VARCHAR(500) NOT NULL,
  DIGEST VARCHAR(200),
  PROBLEM VARCHAR(2000),
  PRIMARY KEY (RUN_ID, REF),
  CONSTRAINT PATCHRUN_RUN_BASE_RUN FOREIGN KEY (RUN_ID) REFERENCES PATCHRUN_RUN (ID) ON DELETE CASCADE
);
