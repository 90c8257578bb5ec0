-- Several engines: the rollover journal says which engine each rollover's container is on, so that recovery at
-- start puts it back there; rows without one (older ones) were on the build engine.
ALTER TABLE PATCHRUN_ROLLOUT ADD COLUMN ENGINE VARCHAR(100);
-- A run's record names the engine of each container of an image (container@engine, comma-separated, as CONTAINERS).
ALTER TABLE PATCHRUN_RUN_IMAGE ADD COLUMN PLACEMENTS VARCHAR(4000);
