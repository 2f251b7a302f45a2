-- Who first recorded a lot, and where: a lot's dates are set when it is first recorded, and a writer refused for
-- naming other dates learns whose record it contradicts.
ALTER TABLE lot
    ADD COLUMN created_by      text,
    ADD COLUMN created_site_id bigint REFERENCES site (id);
