-- A data set too large for one transaction (the demo stock) is written in steps: the row is created first, marked
-- incomplete, and records how many steps are done, so a load interrupted by a crash resumes where it stopped.
ALTER TABLE dataset_load ADD COLUMN complete   boolean NOT NULL DEFAULT true;
ALTER TABLE dataset_load ADD COLUMN progress   bigint  NOT NULL DEFAULT 0 CHECK (progress >= 0);
ALTER TABLE dataset_load ADD COLUMN parameters text;
