-- Whether a lot's dates (labelled and extended expiry) were set by a partner system's receipt or count: a partner
-- system speaks for its own sites only, so its dates must not bind the agencies' stock of the same lot. An agency's
-- receipt or count that names other dates replaces them, and clears the flag; the dates an agency set bind everyone,
-- partners included (ADR 0021). Lots recorded before this migration count as the agencies': who created them is kept
-- (created_by) but not whether that caller was a partner system.
ALTER TABLE lot
    ADD COLUMN dates_from_partner boolean NOT NULL DEFAULT false;
