-- A data set written by several writers at once records each writer's steps apart, so each resumes on its own.
CREATE TABLE dataset_load_step (
    name     text    NOT NULL REFERENCES dataset_load (name),
    part     integer NOT NULL CHECK (part >= 0),
    progress bigint  NOT NULL DEFAULT 0 CHECK (progress >= 0),
    PRIMARY KEY (name, part)
);
