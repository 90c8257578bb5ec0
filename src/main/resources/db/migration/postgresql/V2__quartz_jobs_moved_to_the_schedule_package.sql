-- The Quartz jobs moved from io.patchrun.run to io.patchrun.schedule; stored jobs keep their triggers (and
-- missed fire times) under the new class names.
UPDATE QRTZ_JOB_DETAILS SET JOB_CLASS_NAME = 'io.patchrun.schedule.PatchRunQuartzJob' WHERE JOB_CLASS_NAME = 'io.patchrun.run.ScheduledPatchRun';
UPDATE QRTZ_JOB_DETAILS SET JOB_CLASS_NAME = 'io.patchrun.schedule.BaseCheckQuartzJob' WHERE JOB_CLASS_NAME = 'io.patchrun.run.ScheduledBaseCheck';
