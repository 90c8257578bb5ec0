-- The last signature check of each upstream base a pipeline verifies: the digest it was to build on, the key
-- (as the pipeline file names it) and, when that digest was refused, why. The overview marks refused bases.
CREATE TABLE PATCHRUN_BASE_SIGNATURE (
  PIPELINE VARCHAR(100) NOT NULL,
  REF VARCHAR(500) NOT NULL,
  DIGEST VARCHAR(200) NOT NULL,
  KEY_NAME VARCHAR(1000) NOT NULL,
  PROBLEM VARCHAR(4000),
  CHECKED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (PIPELINE, REF)
);
