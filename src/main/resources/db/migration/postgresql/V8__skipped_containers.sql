-- The containers of an image a run left alone on purpose (their labels, the pipeline's containers: labelled, a failed
-- pre-update hook), each with the reason, shown on the run page and in GET /api/runs/{id}.
CREATE TABLE PATCHRUN_RUN_SKIPPED (
  RUN_ID BIGINT NOT NULL,
  IMAGE VARCHAR(300) NOT NULL,
  CONTAINER VARCHAR(300) NOT NULL,
  REASON VARCHAR(8000) NOT NULL,
  PRIMARY KEY (RUN_ID, IMAGE, CONTAINER),
  CONSTRAINT PATCHRUN_RUN_SKIPPED_RUN FOREIGN KEY (RUN_ID) REFERENCES PATCHRUN_RUN (ID) ON DELETE CASCADE
);
